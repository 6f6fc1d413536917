-- Compute the stored cubes of one submission (the variable cube_submission, set by the caller in
-- the same batch) from the views of the same names. Run inside the caller's transaction.
-- The submission is compared with a constant, so DuckDB reads only its row groups of answers.
-- The helper views the cube views read (schema/0010_cube_groups.sql) are computed once, for this
-- submission only, into temporary tables named like them: DuckDB resolves names in temp before
-- main, also inside views, so the cube views read them instead of summing the answers again for
-- each cube. The respondents are filtered before they are numbered by group (the numbering is
-- only a key inside this batch). Which targets count for which archetype (v_target_relevance, a
-- join on a prefix of area ids) is computed once too: as a view, every cube sum joined it again,
-- half the time of v_cube_sums (75 -> 42 ms for a national trust file of 400,000 answers).
DELETE FROM cube_domain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_subdomain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_respondents WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_levels WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_capabilities WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_state WHERE submission_id = getvariable('cube_submission');

CREATE OR REPLACE TEMP TABLE v_cube_areas AS SELECT * FROM main.v_cube_areas;
CREATE OR REPLACE TEMP TABLE v_target_relevance AS SELECT * FROM main.v_target_relevance;
CREATE OR REPLACE TEMP TABLE v_cube_people AS
SELECT submission_id, source_row, archetype_code,
       dense_rank() OVER (ORDER BY quarter, trust_code, region_code, profession_code, archetype_code)::INTEGER AS group_no
FROM respondents WHERE submission_id = getvariable('cube_submission');
CREATE OR REPLACE TEMP TABLE v_cube_groups AS
SELECT DISTINCT submission_id,
       dense_rank() OVER (ORDER BY quarter, trust_code, region_code, profession_code, archetype_code)::INTEGER AS group_no,
       quarter, trust_code, region_code, profession_code, archetype_code
FROM respondents WHERE submission_id = getvariable('cube_submission');
CREATE OR REPLACE TEMP TABLE v_cube_sums AS
SELECT * FROM main.v_cube_sums WHERE submission_id = getvariable('cube_submission');
CREATE OR REPLACE TEMP TABLE v_cube_domain_sums AS
SELECT * FROM main.v_cube_domain_sums WHERE submission_id = getvariable('cube_submission');

INSERT INTO cube_domain SELECT * FROM v_cube_domain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_subdomain SELECT * FROM v_cube_subdomain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_respondents SELECT * FROM v_cube_respondents WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_levels SELECT * FROM v_cube_levels WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_capabilities SELECT * FROM v_cube_capabilities WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_state SELECT getvariable('cube_submission'), fingerprint FROM v_reference_fingerprint;

DROP TABLE temp.v_cube_domain_sums;
DROP TABLE temp.v_cube_sums;
DROP TABLE temp.v_cube_groups;
DROP TABLE temp.v_cube_people;
DROP TABLE temp.v_cube_areas;
DROP TABLE temp.v_target_relevance;
