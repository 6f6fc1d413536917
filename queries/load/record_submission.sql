-- The ledger row of a load, written last: Repair trusts a load's rows only when this row exists.
INSERT INTO submissions
    (submission_id, layout, trust_code, quarter, source_file, sheet, dialect, scale_id, content_hash,
     rows_read, rows_loaded, rows_rejected, rows_warned, respondents, columns_mapped, columns_unmapped, answers)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT count(*) FROM answers WHERE submission_id = ?))
