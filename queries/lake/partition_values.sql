-- The distinct partition values of one lake dataset. {{columns}} are the partition columns and
-- {{source}} the dataset's query, both from the embedded export files, never from input.
SELECT DISTINCT {{columns}} FROM ({{source}}) AS src ORDER BY ALL
