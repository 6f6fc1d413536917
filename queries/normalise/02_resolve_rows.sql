-- Resolve each row's profession, region, trust and archetype through the vocabularies' aliases,
-- each distinct text once (a national file has thousands of rows and a few dozen texts a field).
-- A row without a trust takes the trust the file was sent for; the region comes from the trust
-- when the trust is known, else from the row. region_own is the row's own region, which the
-- checks in 03 and 04 compare with the trust's.
INSERT INTO staging_resolved
WITH texts AS (
    SELECT DISTINCT 'profession' AS kind, profession AS value FROM staging_rows
    UNION SELECT 'region', region FROM staging_rows
    UNION SELECT 'organisation', trust FROM staging_rows
    UNION SELECT 'archetype', archetype FROM staging_rows
),
known AS (
    SELECT t.kind, t.value, a.code, fold(t.value) = '' AS blank
    FROM texts t
    LEFT JOIN vocab_aliases a ON a.kind = t.kind AND a.alias_key = fold(t.value)
),
trusts AS (
    SELECT k.value, coalesce(k.code, CASE WHEN k.blank THEN l.trust_code END) AS trust_code
    FROM known k CROSS JOIN staging_load l
    WHERE k.kind = 'organisation'
)
SELECT r.row_number, r.respondent_id, p.code, coalesce(org.region_code, g.code), o.trust_code, a.code, g.code
FROM staging_rows r
LEFT JOIN known p ON p.kind = 'profession' AND p.value IS NOT DISTINCT FROM r.profession
LEFT JOIN known g ON g.kind = 'region'     AND g.value IS NOT DISTINCT FROM r.region
LEFT JOIN known a ON a.kind = 'archetype'  AND a.value IS NOT DISTINCT FROM r.archetype
LEFT JOIN trusts o ON o.value IS NOT DISTINCT FROM r.trust
LEFT JOIN organisations org ON org.ods_code = o.trust_code;
