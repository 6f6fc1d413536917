-- Groups for comparison.
-- Trusts of the same kind, for benchmarks: the NHS Staff Survey's benchmark group of each
-- organisation (configs/vocabularies/organisations.yaml, benchmark_group), such as "Acute and
-- acute & community trusts" or "Ambulance trusts". A trust without one is compared with no other.
ALTER TABLE organisations ADD COLUMN benchmark_group VARCHAR;

-- NHS staff groups (professions.staff_group) as a dimension of the heatmaps: the group's name is
-- its key, and it takes the place of its first profession in the report's order.
CREATE OR REPLACE VIEW v_groups AS
SELECT 'profession' AS dimension, profession_code AS group_key, name AS label, sort_order FROM professions
UNION ALL SELECT 'region', region_code, name, sort_order FROM regions
UNION ALL SELECT 'archetype', archetype_code, name, sort_order FROM archetypes
UNION ALL SELECT 'trust', ods_code, name, sort_order FROM organisations
UNION ALL SELECT 'staff_group', staff_group, staff_group, min(sort_order) FROM professions WHERE staff_group IS NOT NULL GROUP BY staff_group;
