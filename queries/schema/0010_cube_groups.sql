-- The stored cubes summed on integer keys. A cube row is a group of respondents (quarter, trust,
-- region, profession, archetype) and an area; the views of 0006 grouped on those five text
-- columns at every step. Here each submission's respondents are numbered by their group once
-- (v_cube_people, v_cube_groups), their answers summed per respondent on integers (v_cube_sums,
-- v_cube_domain_sums), and the names are joined back only to the few summed rows: the same rows,
-- about a third less work per load (see queries/load/refresh_cubes.sql, which computes each
-- submission's helper rows once into temporary tables of the same names).
-- v_respondent_sums and the analysts' views of 0006 are unchanged.

-- Each target's place with integer keys for its sub-domain column and its domain.
CREATE VIEW v_cube_areas AS
SELECT target_no, subdomain_no, capability_level, domain_id, subdomain_id,
       dense_rank() OVER (ORDER BY domain_id)::INTEGER AS domain_no
FROM v_target_areas;

-- Each respondent with the number of their group within the submission.
CREATE VIEW v_cube_people AS
SELECT submission_id, source_row, archetype_code,
       dense_rank() OVER (PARTITION BY submission_id
                          ORDER BY quarter, trust_code, region_code, profession_code, archetype_code)::INTEGER AS group_no
FROM respondents;

-- Each group of a submission with its names.
CREATE VIEW v_cube_groups AS
SELECT DISTINCT submission_id,
       dense_rank() OVER (PARTITION BY submission_id
                          ORDER BY quarter, trust_code, region_code, profession_code, archetype_code)::INTEGER AS group_no,
       quarter, trust_code, region_code, profession_code, archetype_code
FROM respondents;

-- A respondent's relevant answers summed per sub-domain column (as v_respondent_sums), with the
-- respondent's group and the column's domain.
CREATE VIEW v_cube_sums AS
SELECT x.submission_id, x.source_row, p.group_no, a.subdomain_no, a.domain_no,
       count(*) AS answers, count(*) FILTER (WHERE x.meets) AS met, sum(x.level) AS level_sum,
       count(a.capability_level) AS statements, max(a.capability_level) FILTER (WHERE x.meets) AS highest_met
FROM answers x
JOIN v_cube_people p USING (submission_id, source_row)
JOIN v_cube_areas a USING (target_no)
LEFT JOIN v_target_relevance v ON v.archetype_code = p.archetype_code AND v.target_no = x.target_no
WHERE p.archetype_code IS NULL OR v.target_no IS NOT NULL
GROUP BY x.submission_id, x.source_row, p.group_no, a.subdomain_no, a.domain_no;

-- The same per respondent and domain.
CREATE VIEW v_cube_domain_sums AS
SELECT submission_id, source_row, group_no, domain_no,
       sum(answers)::BIGINT AS answers, sum(met)::BIGINT AS met, sum(level_sum)::BIGINT AS level_sum,
       sum(statements)::BIGINT AS statements, max(highest_met) AS highest_met
FROM v_cube_sums
GROUP BY submission_id, source_row, group_no, domain_no;

-- The cubes, with the columns and rows of 0006's.
CREATE OR REPLACE VIEW v_cube_domain AS
SELECT g.quarter, c.submission_id, g.trust_code, g.region_code, g.profession_code, g.archetype_code, d.domain_id,
       c.n, c.answers, c.readiness_sum, c.readiness_sq, c.level_sum
FROM (SELECT submission_id, group_no, domain_no, count(*) AS n, sum(answers)::BIGINT AS answers,
             sum(met::DOUBLE / answers) AS readiness_sum, sum((met::DOUBLE / answers) ^ 2) AS readiness_sq,
             sum(level_sum)::BIGINT AS level_sum
      FROM v_cube_domain_sums
      GROUP BY submission_id, group_no, domain_no) c
JOIN v_cube_groups g USING (submission_id, group_no)
JOIN (SELECT DISTINCT domain_no, domain_id FROM v_cube_areas) d USING (domain_no);

CREATE OR REPLACE VIEW v_cube_subdomain AS
SELECT g.quarter, c.submission_id, g.trust_code, g.region_code, g.profession_code, g.archetype_code,
       s.domain_id, s.subdomain_id, c.n, c.answers, c.readiness_sum, c.readiness_sq, c.level_sum
FROM (SELECT submission_id, group_no, subdomain_no, count(*) AS n, sum(answers)::BIGINT AS answers,
             sum(met::DOUBLE / answers) AS readiness_sum, sum((met::DOUBLE / answers) ^ 2) AS readiness_sq,
             sum(level_sum)::BIGINT AS level_sum
      FROM v_cube_sums
      GROUP BY submission_id, group_no, subdomain_no) c
JOIN v_cube_groups g USING (submission_id, group_no)
JOIN (SELECT DISTINCT subdomain_no, domain_id, subdomain_id FROM v_cube_areas) s USING (subdomain_no);

CREATE OR REPLACE VIEW v_cube_respondents AS
SELECT g.quarter, c.submission_id, g.trust_code, g.region_code, g.profession_code, g.archetype_code, c.n
FROM (SELECT submission_id, group_no, count(*) AS n FROM v_cube_people GROUP BY submission_id, group_no) c
JOIN v_cube_groups g USING (submission_id, group_no);

CREATE OR REPLACE VIEW v_cube_levels AS
SELECT q.quarter, c.submission_id, d.domain_id, c.highest, c.n
FROM (SELECT submission_id, domain_no, coalesce(highest_met, 0)::TINYINT AS highest, count(*) AS n
      FROM v_cube_domain_sums
      WHERE statements > 0
      GROUP BY submission_id, domain_no, coalesce(highest_met, 0)::TINYINT) c
JOIN (SELECT DISTINCT submission_id, quarter FROM v_cube_groups) q USING (submission_id)
JOIN (SELECT DISTINCT domain_no, domain_id FROM v_cube_areas) d USING (domain_no);

CREATE OR REPLACE VIEW v_cube_capabilities AS
SELECT g.quarter, c.submission_id, g.trust_code, g.region_code, g.profession_code, g.archetype_code, c.target_no, c.n, c.met
FROM (SELECT x.submission_id, p.group_no, x.target_no, count(*) AS n, count(*) FILTER (WHERE x.meets) AS met
      FROM answers x
      JOIN v_cube_people p USING (submission_id, source_row)
      GROUP BY x.submission_id, p.group_no, x.target_no) c
JOIN v_cube_groups g USING (submission_id, group_no)
JOIN targets t ON t.target_no = c.target_no AND t.capability_id IS NOT NULL;
