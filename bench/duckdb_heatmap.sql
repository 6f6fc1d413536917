-- The profession x domain heatmap computed by DuckDB alone from the CSV exports (the floor for
-- CSV): read every file, unpivot the capability columns, map answers and professions, keep the
-- capabilities badged for each respondent's archetype, and average respondent readiness.
-- DATA_DIR is replaced by bench/run.sh. Reference tables come from the warehouse.
WITH raw AS (
    SELECT * FROM read_csv('DATA_DIR/*.csv', union_by_name = true, all_varchar = true, filename = true)
),
long AS (
    UNPIVOT raw ON COLUMNS('^\[') INTO NAME header VALUE answer
),
answers AS (
    SELECT filename, "Response ID" AS rid, "Profession" AS profession, "Archetype" AS archetype,
           regexp_extract(header, '^\[([^\]]+)\]', 1) AS capability_id,
           CASE fold(answer) WHEN 'very confident' THEN 1 WHEN 'extremely confident' THEN 1
                             WHEN 'agree' THEN 1 WHEN 'strongly agree' THEN 1 ELSE 0 END AS meets
    FROM long
    WHERE answer IS NOT NULL AND answer <> '' AND fold(answer) <> 'not sure'
),
resolved AS (
    SELECT a.*, p.code AS profession_code, ar.code AS archetype_code, c.domain_id, c.archetypes
    FROM answers a
    JOIN capabilities c USING (capability_id)
    LEFT JOIN vocab_aliases p ON p.kind = 'profession' AND p.alias_key = fold(a.profession)
    LEFT JOIN vocab_aliases ar ON ar.kind = 'archetype' AND ar.alias_key = fold(a.archetype)
),
rd AS (
    SELECT filename, rid, profession_code, domain_id, avg(meets) AS readiness
    FROM resolved
    WHERE archetype_code IS NULL OR contains(archetypes, archetype_code)
    GROUP BY ALL
)
SELECT profession_code, domain_id, round(avg(readiness), 4) AS readiness, count(*) AS n
FROM rd GROUP BY ALL ORDER BY profession_code, domain_id
