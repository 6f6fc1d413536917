-- Compute the stored cubes of one submission (the variable cube_submission, set by the caller in
-- the same batch) from the views of the same names. Run inside the caller's transaction.
-- The submission is compared with a constant, so DuckDB reads only its row groups of answers.
-- Each respondent's sums per sub-domain are computed once into a temporary table named like their
-- view: DuckDB resolves names in temp before main, also inside views, so the cube views read it
-- instead of summing the answers again for each cube.
DELETE FROM cube_domain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_subdomain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_respondents WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_levels WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_capabilities WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_state WHERE submission_id = getvariable('cube_submission');

CREATE OR REPLACE TEMP TABLE v_respondent_sums AS
SELECT * FROM main.v_respondent_sums WHERE submission_id = getvariable('cube_submission');

INSERT INTO cube_domain SELECT * FROM v_cube_domain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_subdomain SELECT * FROM v_cube_subdomain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_respondents SELECT * FROM v_cube_respondents WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_levels SELECT * FROM v_cube_levels WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_capabilities SELECT * FROM v_cube_capabilities WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_state SELECT getvariable('cube_submission'), fingerprint FROM v_reference_fingerprint;

DROP TABLE temp.v_respondent_sums;
