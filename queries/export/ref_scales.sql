-- Reference table scales, as it stands in the warehouse (one file).
SELECT * FROM scales
