-- The trusts of a file with several ('' for rows of a blank or unknown trust, last).
SELECT t FROM (SELECT DISTINCT coalesce(split_trust, '') AS t FROM split_rows) ORDER BY t = '', t
