-- Remove one submission and everything derived from it (each statement takes the submission id).
DELETE FROM answers WHERE submission_id = ?;
DELETE FROM respondents WHERE submission_id = ?;
DELETE FROM rejects WHERE submission_id = ?;
DELETE FROM submissions WHERE submission_id = ?;
DELETE FROM cube_domain WHERE submission_id = ?;
DELETE FROM cube_subdomain WHERE submission_id = ?;
DELETE FROM cube_respondents WHERE submission_id = ?;
DELETE FROM cube_levels WHERE submission_id = ?;
DELETE FROM cube_capabilities WHERE submission_id = ?;
DELETE FROM cube_state WHERE submission_id = ?;
