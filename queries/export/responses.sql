-- partition: quarter, region_code
-- Answers, with their respondent's quarter and region for partitioning.
SELECT x.*, r.quarter, r.region_code
FROM responses x JOIN respondents r USING (submission_id, respondent_id)
