-- partition: quarter
-- Submissions: one file for a trust and quarter, with its accounting and the fingerprint of the
-- framework it was loaded with (reference/frameworks.parquet names it).
SELECT s.*, f.fingerprint AS framework FROM submissions s LEFT JOIN submission_frameworks f USING (submission_id)
