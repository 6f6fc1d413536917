-- Compute the stored cubes of one submission (the variable cube_submission, set by the caller in
-- the same batch, as is cube_fingerprint, the reference data's fingerprint read once for the
-- refresh) from the views of the same names. Run inside the caller's transaction.
-- The submission is compared with a constant, so DuckDB reads only its row groups of answers.
-- The helper views the cube views read (schema/0010_cube_groups.sql) are computed once, for this
-- submission only, into temporary tables named like them: DuckDB resolves names in temp before
-- main, also inside views, so the cube views read them instead of summing the answers again for
-- each cube. The respondents are filtered before they are numbered by group (the numbering is
-- only a key inside this batch). Which targets count for which archetype (v_target_relevance, a
-- join on a prefix of area ids) is computed once too: as a view, every cube sum joined it again,
-- half the time of v_cube_sums (75 -> 42 ms for a national trust file of 400,000 answers).
-- v_cube_sums itself is computed here, as main.v_cube_sums defines it, with the relevance and
-- the areas in one table of the targets each archetype counts (cube_targets; an unknown
-- archetype, numbered 0, counts every target): one join instead of two and a filter. Its key is
-- an expression of the archetype's number and the target's, so that DuckDB joins the answers to
-- their respondents first (joined on two columns, it joined the respondents to every target of
-- their archetype first, 927,000 rows for 9,280 respondents): 50-58 -> 39-40 ms a national file.
DELETE FROM cube_domain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_subdomain WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_respondents WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_levels WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_capabilities WHERE submission_id = getvariable('cube_submission');
DELETE FROM cube_state WHERE submission_id = getvariable('cube_submission');

CREATE OR REPLACE TEMP TABLE v_cube_areas AS SELECT * FROM main.v_cube_areas;
CREATE OR REPLACE TEMP TABLE v_target_relevance AS SELECT * FROM main.v_target_relevance;
CREATE OR REPLACE TEMP TABLE cube_archetypes AS
SELECT archetype_code, row_number() OVER (ORDER BY archetype_code)::BIGINT AS archetype_no
FROM (SELECT DISTINCT archetype_code FROM v_target_relevance);
-- k: the archetype's number x 2^32 + the target's number (one key per pair for any INTEGER target number).
CREATE OR REPLACE TEMP TABLE cube_targets AS
SELECT target_no::BIGINT AS k, subdomain_no, domain_no, capability_level FROM v_cube_areas
UNION ALL
SELECT c.archetype_no * 4294967296 + a.target_no, a.subdomain_no, a.domain_no, a.capability_level
FROM v_target_relevance v JOIN cube_archetypes c USING (archetype_code) JOIN v_cube_areas a USING (target_no);
-- archetype_no: 0 for an unknown archetype, NULL for one that no target counts for.
CREATE OR REPLACE TEMP TABLE v_cube_people AS
SELECT r.submission_id, r.source_row, r.archetype_code,
       dense_rank() OVER (ORDER BY r.quarter, r.trust_code, r.region_code, r.profession_code, r.archetype_code)::INTEGER AS group_no,
       CASE WHEN r.archetype_code IS NULL THEN 0 ELSE c.archetype_no END AS archetype_no
FROM respondents r LEFT JOIN cube_archetypes c USING (archetype_code)
WHERE r.submission_id = getvariable('cube_submission');
CREATE OR REPLACE TEMP TABLE v_cube_groups AS
SELECT DISTINCT submission_id,
       dense_rank() OVER (ORDER BY quarter, trust_code, region_code, profession_code, archetype_code)::INTEGER AS group_no,
       quarter, trust_code, region_code, profession_code, archetype_code
FROM respondents WHERE submission_id = getvariable('cube_submission');
CREATE OR REPLACE TEMP TABLE v_cube_sums AS
SELECT x.submission_id, x.source_row, p.group_no, t.subdomain_no, t.domain_no,
       count(*) AS answers, count(*) FILTER (WHERE x.meets) AS met, sum(x.level) AS level_sum,
       count(t.capability_level) AS statements, max(t.capability_level) FILTER (WHERE x.meets) AS highest_met
FROM answers x
JOIN v_cube_people p USING (submission_id, source_row)
JOIN cube_targets t ON t.k = p.archetype_no * 4294967296 + x.target_no
WHERE x.submission_id = getvariable('cube_submission')
GROUP BY x.submission_id, x.source_row, p.group_no, t.subdomain_no, t.domain_no;
CREATE OR REPLACE TEMP TABLE v_cube_domain_sums AS
SELECT * FROM main.v_cube_domain_sums WHERE submission_id = getvariable('cube_submission');

INSERT INTO cube_domain SELECT * FROM v_cube_domain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_subdomain SELECT * FROM v_cube_subdomain WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_respondents SELECT * FROM v_cube_respondents WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_levels SELECT * FROM v_cube_levels WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_capabilities SELECT * FROM v_cube_capabilities WHERE submission_id = getvariable('cube_submission');
INSERT INTO cube_state SELECT getvariable('cube_submission'), getvariable('cube_fingerprint');

DROP TABLE temp.v_cube_domain_sums;
DROP TABLE temp.v_cube_sums;
DROP TABLE temp.v_cube_groups;
DROP TABLE temp.v_cube_people;
DROP TABLE temp.v_cube_areas;
DROP TABLE temp.v_target_relevance;
DROP TABLE temp.cube_targets;
DROP TABLE temp.cube_archetypes;
