-- partition: quarter, region_code
-- Respondents: pseudonymous id, submission, trust, region, profession, archetype, row in the file.
SELECT * FROM respondents
