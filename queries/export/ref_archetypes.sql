-- Reference table archetypes, as it stands in the warehouse (one file).
SELECT * FROM archetypes
