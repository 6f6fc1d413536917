-- The trust whose rows split_part.sql stages ('' for rows of a blank or unknown trust).
CREATE OR REPLACE TEMP TABLE split_current AS SELECT ?::VARCHAR AS trust
