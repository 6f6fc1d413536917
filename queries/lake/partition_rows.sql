-- The rows of one partition of a lake dataset, without the partition columns (they are in the
-- path). {{params}} are the placeholders $1, $2, ... of the partition's values.
SELECT * EXCLUDE ({{columns}}) FROM ({{source}}) AS src WHERE ({{columns}}) IS NOT DISTINCT FROM ({{params}})
