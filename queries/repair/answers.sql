-- Answers of respondents that no committed submission accounts for.
DELETE FROM answers x WHERE NOT EXISTS (SELECT 1 FROM respondents r
    WHERE r.submission_id = x.submission_id AND r.source_row = x.source_row
      AND EXISTS (SELECT 1 FROM submissions s WHERE s.submission_id = r.submission_id))
