-- Reference table organisations, as it stands in the warehouse (one file).
SELECT * FROM organisations
