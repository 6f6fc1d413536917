-- For Users (archetype U), the capabilities least often met in the latest quarter: what to train
-- first for most staff.
SELECT x.capability_id, c.statement, c.level,
       round(avg(CASE WHEN x.meets THEN 1.0 ELSE 0.0 END), 3) AS share_meeting, count(*) AS answers
FROM v_responses x
JOIN capabilities c USING (capability_id)
WHERE x.archetype_code = 'U' AND x.relevant AND x.quarter = (SELECT max(quarter) FROM submissions)
GROUP BY ALL
ORDER BY share_meeting, x.capability_id
LIMIT 10;
