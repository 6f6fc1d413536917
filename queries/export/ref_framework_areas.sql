-- Reference table framework_areas, as it stands in the warehouse (one file).
SELECT * FROM framework_areas
