-- Reference table scale_answers, as it stands in the warehouse (one file).
SELECT * FROM scale_answers
