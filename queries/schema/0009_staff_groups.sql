-- NHS staff groups as a dimension: a profession's staff group (professions.staff_group, from the
-- professions vocabulary) groups respondents more coarsely than their profession, so a staff group
-- heatmap publishes figures where professions are withheld. The group's key is its name; it sorts
-- where its first profession does.
CREATE OR REPLACE VIEW v_groups AS
SELECT 'profession' AS dimension, profession_code AS group_key, name AS label, sort_order FROM professions
UNION ALL SELECT 'region', region_code, name, sort_order FROM regions
UNION ALL SELECT 'archetype', archetype_code, name, sort_order FROM archetypes
UNION ALL SELECT 'trust', ods_code, name, sort_order FROM organisations
UNION ALL SELECT 'staff_group', staff_group, staff_group, min(sort_order)::INTEGER FROM professions WHERE staff_group IS NOT NULL GROUP BY staff_group;
