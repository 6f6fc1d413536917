-- partition: quarter
-- Submissions: one file for a trust and quarter, with its accounting.
SELECT * FROM submissions
