-- Reference table knowledge_levels, as it stands in the warehouse (one file).
SELECT * FROM knowledge_levels
