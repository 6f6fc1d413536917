-- Reference table framework_meta, as it stands in the warehouse (one file).
SELECT * FROM framework_meta
