-- Which framework every figure uses. Every framework the warehouse has loaded is kept (its
-- version, source, statement count and a fingerprint of its content: pipeline/framework
-- Fingerprint); framework_current names the one the reference tables hold now; each submission
-- records the framework it was loaded with. A quarter's figures use one framework: a load against
-- another is refused, and stored cubes are computed again only for submissions of the framework
-- loaded now, so every quarter's heatmaps follow its own framework.
CREATE TABLE frameworks (
    fingerprint     VARCHAR PRIMARY KEY,
    version         VARCHAR NOT NULL,
    source          VARCHAR,
    statements      INTEGER NOT NULL,
    first_loaded    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE framework_current (
    fingerprint     VARCHAR NOT NULL
);

CREATE TABLE submission_frameworks (
    submission_id   INTEGER PRIMARY KEY,
    fingerprint     VARCHAR NOT NULL
);
