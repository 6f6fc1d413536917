-- Data quality: rows read, loaded and rejected per trust and quarter, with the share rejected and
-- the most common reason for a problem.
SELECT s.quarter, s.trust_code, sum(s.rows_read) AS rows_read, sum(s.rows_loaded) AS rows_loaded,
       sum(s.rows_rejected) AS rows_rejected,
       round(sum(s.rows_rejected) / nullif(sum(s.rows_read), 0), 3) AS share_rejected,
       (SELECT mode(regexp_replace(j.reason, '''[^'']*''', '''…''', 'g')) FROM rejects j
         WHERE j.submission_id IN (SELECT submission_id FROM submissions s2
                                   WHERE s2.quarter = s.quarter AND s2.trust_code IS NOT DISTINCT FROM s.trust_code)) AS commonest_problem
FROM submissions s
GROUP BY s.quarter, s.trust_code
ORDER BY s.quarter, s.trust_code;
