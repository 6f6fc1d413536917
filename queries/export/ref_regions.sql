-- Reference table regions, as it stands in the warehouse (one file).
SELECT * FROM regions
