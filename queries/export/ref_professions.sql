-- Reference table professions, as it stands in the warehouse (one file).
SELECT * FROM professions
