-- Whether the ledger's totals match the tables' row counts (read from metadata): then nothing of
-- an unfinished load came back, and the searches over every answer are skipped.
SELECT
    (SELECT count(*) FROM answers) = (SELECT coalesce(sum(answers), 0) FROM submissions)
    AND (SELECT count(*) FROM respondents) = (SELECT coalesce(sum(respondents), 0) FROM submissions)
    AND NOT EXISTS (SELECT 1 FROM submissions WHERE answers IS NULL)
