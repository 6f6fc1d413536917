-- Respondents without the primary key's index. A load writes each person once by construction
-- (normalise/05_respondents.sql groups the staged rows by submission and respondent id), and no
-- query looks a respondent up by key; but every load paid to insert its thousands of respondents
-- into an index over every respondent of every quarter (a national file's 6,800: 25 ms of index
-- against 5 ms of rows), and the index was held in memory whenever the warehouse was open. The
-- table is made again without it, the same columns in the same order, sorted by submission.
CREATE TABLE respondents_unindexed (
    submission_id   INTEGER NOT NULL,
    respondent_id   VARCHAR NOT NULL,   -- keyed hash of the staff or response id; never the id itself
    quarter         VARCHAR NOT NULL,
    trust_code      VARCHAR,
    region_code     VARCHAR,
    profession_code VARCHAR,
    archetype_code  VARCHAR,
    source_row      INTEGER NOT NULL
);
INSERT INTO respondents_unindexed SELECT * FROM respondents ORDER BY submission_id, source_row;
DROP TABLE respondents;
ALTER TABLE respondents_unindexed RENAME TO respondents;
