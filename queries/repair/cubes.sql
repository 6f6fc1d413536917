-- Stored cube rows of loads that did not commit.
DELETE FROM cube_domain c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
DELETE FROM cube_subdomain c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
DELETE FROM cube_respondents c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
DELETE FROM cube_levels c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
DELETE FROM cube_capabilities c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
DELETE FROM cube_state c WHERE NOT EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = c.submission_id);
