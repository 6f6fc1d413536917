-- The name of a domain of the framework.
SELECT name FROM v_domains WHERE domain_id = ?
