-- Respondents and trusts of a quarter.
SELECT count(*), count(DISTINCT trust_code) FROM respondents WHERE quarter = ?
