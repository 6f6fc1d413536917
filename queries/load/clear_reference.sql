-- Empty the reference tables before they are loaded again, in the same transaction.
DELETE FROM framework_meta;
DELETE FROM knowledge_levels;
DELETE FROM framework_areas;
DELETE FROM capabilities;
DELETE FROM capability_archetypes;
DELETE FROM archetypes;
DELETE FROM regions;
DELETE FROM professions;
DELETE FROM organisations;
DELETE FROM scales;
DELETE FROM scale_answers;
DELETE FROM vocab_aliases;
