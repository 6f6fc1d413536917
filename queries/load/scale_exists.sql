-- Whether a scale id is in the scales vocabulary.
SELECT count(*) FROM scales WHERE scale_id = ?
