-- A profession, region, trust or archetype that is given but not recognised: an error when the
-- config says to reject such rows, else a warning (the row loads with that field unknown). The
-- suggestion is the closest known name, when one is close enough.
INSERT INTO staging.problems (row_number, col_no, value, severity, reason, suggestion)
WITH given AS (
    SELECT s.row_number, s.col_no, s.kind, s.value
    FROM (
        SELECT r.row_number, k.col_no, 'profession' AS kind, r.profession AS value, x.profession_code AS code
        FROM staging.rows r JOIN staging.resolved x USING (row_number) JOIN staging.columns k ON k.role = 'profession'
        UNION ALL
        SELECT r.row_number, k.col_no, 'region', r.region, g.code
        FROM staging.rows r JOIN staging.columns k ON k.role = 'region'
        LEFT JOIN vocab_aliases g ON g.kind = 'region' AND g.alias_key = fold(r.region)
        UNION ALL
        SELECT r.row_number, k.col_no, 'organisation', r.trust, o.code
        FROM staging.rows r JOIN staging.columns k ON k.role = 'trust'
        LEFT JOIN vocab_aliases o ON o.kind = 'organisation' AND o.alias_key = fold(r.trust)
        UNION ALL
        SELECT r.row_number, k.col_no, 'archetype', r.archetype, x.archetype_code
        FROM staging.rows r JOIN staging.resolved x USING (row_number) JOIN staging.columns k ON k.role = 'archetype'
    ) s
    WHERE fold(s.value) <> '' AND s.code IS NULL
),
candidates AS (
    SELECT g.row_number, g.col_no, g.kind, g.value, v.code,
           jaro_winkler_similarity(fold(g.value), v.alias_key) AS score
    FROM given g JOIN vocab_aliases v ON v.kind = g.kind
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
)
SELECT g.row_number, g.col_no, g.value,
       CASE WHEN l.unknown_values = 'reject' THEN 'error' ELSE 'warning' END,
       '''' || g.value || ''' is not a known ' ||
           CASE g.kind WHEN 'organisation' THEN 'trust (ODS code or name)' ELSE g.kind END ||
           CASE WHEN l.unknown_values = 'reject' THEN '; the row is not loaded'
                ELSE '; the row is loaded with the ' || CASE g.kind WHEN 'organisation' THEN 'trust' ELSE g.kind END || ' unknown' END,
       CASE WHEN b.score >= 0.85 THEN 'did you mean ''' || n.name || '''?' END
FROM given g
CROSS JOIN staging.load l
LEFT JOIN best b USING (row_number, col_no)
LEFT JOIN names n ON n.kind = b.kind AND n.code = b.code;
