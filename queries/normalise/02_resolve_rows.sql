-- Resolve each row's profession, region, trust and archetype through the vocabularies' aliases.
-- A row without a trust takes the trust the file was sent for; the region comes from the trust
-- when the trust is known, else from the row.
INSERT INTO staging_resolved
SELECT r.row_number, r.respondent_id,
       p.code,
       coalesce(org.region_code, g.code),
       coalesce(o.code, CASE WHEN fold(r.trust) = '' THEN l.trust_code END),
       a.code
FROM staging_rows r
CROSS JOIN staging_load l
LEFT JOIN vocab_aliases p ON p.kind = 'profession'   AND p.alias_key = fold(r.profession)
LEFT JOIN vocab_aliases g ON g.kind = 'region'       AND g.alias_key = fold(r.region)
LEFT JOIN vocab_aliases o ON o.kind = 'organisation' AND o.alias_key = fold(r.trust)
LEFT JOIN vocab_aliases a ON a.kind = 'archetype'    AND a.alias_key = fold(r.archetype)
LEFT JOIN organisations org
  ON org.ods_code = coalesce(o.code, CASE WHEN fold(r.trust) = '' THEN l.trust_code END);
