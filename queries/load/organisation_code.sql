-- The organisation whose ODS code a part of a file's name is (RJ1 in RJ1_2026Q3.csv).
SELECT ods_code FROM organisations WHERE ods_code = upper(?)
