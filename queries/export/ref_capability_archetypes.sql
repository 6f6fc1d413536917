-- Reference table capability_archetypes, as it stands in the warehouse (one file).
SELECT * FROM capability_archetypes
