-- A profession, region, trust or archetype that is given but not recognised, or left blank (see
-- below for which blanks count): an error when the config says to reject such rows, else a
-- warning (the row loads with that field unknown). A region that is not recognised (or blank) in a row whose trust is known is not lost:
-- the trust's region is used, and the message says so. The suggestion is the closest known name
-- (similar text), the known code one letter away (RTJ: did you mean RTH?), or, for a region, the
-- region of the row's trust.
INSERT INTO staging_problems (row_number, col_no, value, severity, reason, suggestion)
WITH given AS (
    SELECT s.row_number, s.col_no, s.kind, s.value, s.trust_region
    FROM (
        SELECT r.row_number, k.col_no, 'profession' AS kind, r.profession AS value, x.profession_code AS code, NULL AS trust_region
        FROM staging_rows r JOIN staging_resolved x USING (row_number) JOIN staging_columns k ON k.role = 'profession'
        UNION ALL
        SELECT r.row_number, k.col_no, 'region', r.region, x.region_own, org.region_code
        FROM staging_rows r JOIN staging_resolved x USING (row_number) JOIN staging_columns k ON k.role = 'region'
        LEFT JOIN organisations org ON org.ods_code = x.trust_code
        UNION ALL
        SELECT r.row_number, k.col_no, 'organisation', r.trust, x.trust_code, NULL
        FROM staging_rows r JOIN staging_resolved x USING (row_number) JOIN staging_columns k ON k.role = 'trust'
        UNION ALL
        SELECT r.row_number, k.col_no, 'archetype', r.archetype, x.archetype_code, NULL
        FROM staging_rows r JOIN staging_resolved x USING (row_number) JOIN staging_columns k ON k.role = 'archetype'
    ) s
    -- Blank: a profession always counts as a problem; a region only when the trust gives none; a
    -- trust only when the file gives none; an archetype never (unknown archetypes are part of
    -- the metric: every capability counts for them).
    WHERE s.code IS NULL
      AND NOT (fold(s.value) = '' AND (s.kind = 'archetype' OR (s.kind = 'region' AND s.trust_region IS NOT NULL)))
),
candidates AS (
    SELECT g.row_number, g.col_no, g.kind, g.value, v.code,
           jaro_winkler_similarity(fold(g.value), v.alias_key) AS score
    FROM given g JOIN vocab_aliases v ON v.kind = g.kind
    WHERE fold(g.value) <> ''
),
-- Codes one letter away (RTJ for RTH, Y6l for Y61): the one the file itself names elsewhere (its
-- trust, or another row's), else the only one, else all of them, never a guess between several.
near AS (
    SELECT g.row_number, g.col_no, v.code,
           v.code IN (SELECT trust_code FROM staging_resolved WHERE trust_code IS NOT NULL
                      UNION SELECT trust_code FROM staging_load WHERE trust_code IS NOT NULL
                      UNION SELECT region_code FROM staging_resolved WHERE region_code IS NOT NULL) AS in_file
    FROM given g JOIN vocab_aliases v ON v.kind = g.kind
    WHERE g.kind IN ('organisation', 'region') AND length(fold(g.value)) BETWEEN 3 AND 5
      AND length(v.alias_key) = length(fold(g.value)) AND NOT contains(v.alias_key, ' ')
      AND levenshtein(fold(g.value), v.alias_key) = 1
),
near_pick AS (
    SELECT row_number, col_no,
           CASE WHEN count(DISTINCT code) FILTER (WHERE in_file) = 1 THEN any_value(code) FILTER (WHERE in_file)
                WHEN count(DISTINCT code) = 1 THEN any_value(code) END AS code,
           string_agg(DISTINCT code, ', ' ORDER BY code) AS codes
    FROM near GROUP BY ALL
),
best AS (
    SELECT row_number, col_no, kind, value, arg_max(code, score) AS code, max(score) AS score
    FROM candidates GROUP BY ALL
),
names AS (
    SELECT 'profession' AS kind, profession_code AS code, name FROM professions
    UNION ALL SELECT 'region', region_code, name FROM regions
    UNION ALL SELECT 'organisation', ods_code, ods_code || ' ' || name FROM organisations
    UNION ALL SELECT 'archetype', archetype_code, name FROM archetypes
),
label AS (
    SELECT 'profession' AS kind, 'profession' AS field UNION ALL SELECT 'region', 'region'
    UNION ALL SELECT 'organisation', 'trust' UNION ALL SELECT 'archetype', 'archetype'
)
SELECT g.row_number, g.col_no, nullif(g.value, ''),
       CASE WHEN l.unknown_values = 'reject' AND g.trust_region IS NULL THEN 'error' ELSE 'warning' END,
       CASE WHEN fold(g.value) = '' THEN 'the ' || f.field || ' is blank'
            ELSE '''' || g.value || ''' is not a known ' || CASE g.kind WHEN 'organisation' THEN 'trust (ODS code or name)' ELSE g.kind END
       END ||
       CASE WHEN g.trust_region IS NOT NULL THEN '; the region of the row''s trust (' || tr.name || ') is used'
            WHEN l.unknown_values = 'reject' THEN '; the row is not loaded'
            ELSE '; the row is loaded with the ' || f.field || ' unknown' END,
       CASE WHEN np.code IS NOT NULL THEN 'did you mean ''' || nn.name || '''?'
            WHEN np.codes IS NOT NULL THEN 'did you mean one of ' || np.codes || '?'
            WHEN b.score >= 0.85 THEN 'did you mean ''' || n.name || '''?'
            WHEN g.trust_region IS NOT NULL AND fold(g.value) <> '' THEN 'did you mean ''' || tr.name || ''', the region of the row''s trust?' END
FROM given g
CROSS JOIN staging_load l
JOIN label f ON f.kind = g.kind
LEFT JOIN best b USING (row_number, col_no)
LEFT JOIN names n ON n.kind = b.kind AND n.code = b.code
LEFT JOIN near_pick np USING (row_number, col_no)
LEFT JOIN names nn ON nn.kind = g.kind AND nn.code = np.code
LEFT JOIN regions tr ON tr.region_code = g.trust_region;
