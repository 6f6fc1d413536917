-- Give a number to every target not numbered yet: the framework's capabilities and areas, and
-- what the load under way staged (empty outside a load). Numbers are never reused or changed.
INSERT INTO targets
SELECT (SELECT coalesce(max(target_no), 0) FROM targets) + row_number() OVER (ORDER BY target_key)::INTEGER,
       target_key, any_value(capability_id), any_value(area_id)
FROM (
    SELECT capability_id AS target_key, capability_id, area_id FROM capabilities
    UNION ALL
    SELECT area_id, NULL, area_id FROM framework_areas
    UNION ALL
    SELECT coalesce(capability_id, area_id), capability_id, area_id FROM staging_targets
) n
WHERE NOT EXISTS (SELECT 1 FROM targets t WHERE t.target_key = n.target_key)
GROUP BY target_key;
