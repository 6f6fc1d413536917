-- How many submissions a quarter has.
SELECT count(*) FROM submissions WHERE quarter = ?
