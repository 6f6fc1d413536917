-- The quarters with a submission, in order.
SELECT DISTINCT quarter FROM submissions ORDER BY quarter
