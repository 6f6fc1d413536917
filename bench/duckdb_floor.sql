-- The floor for the CSV half: the least work any tool must do to turn the CSV exports into a
-- heatmap, in one DuckDB statement and with nothing of the framework's rules (no scale, no
-- vocabularies, no badges, no checks): read every file, unpivot the capability columns, and count
-- per profession and capability how many answered and how many said they were confident.
-- DATA_DIR is replaced by bench/run.sh.
SELECT "Profession" AS profession, header, count(*) AS answered,
       count(*) FILTER (WHERE answer IN ('Very confident', 'Extremely confident')) AS confident
FROM (
    UNPIVOT (SELECT * FROM read_csv('DATA_DIR/*.csv', union_by_name = true, all_varchar = true))
    ON COLUMNS('^\[') INTO NAME header VALUE answer
)
GROUP BY ALL
ORDER BY ALL
