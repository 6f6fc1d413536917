-- Reference table capabilities, as it stands in the warehouse (one file).
SELECT * FROM capabilities
