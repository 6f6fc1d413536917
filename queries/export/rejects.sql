-- partition: quarter
-- Every problem found in the files, with its submission's quarter.
SELECT j.*, s.quarter FROM rejects j JOIN submissions s USING (submission_id)
