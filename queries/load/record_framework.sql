-- Record the framework a submission is loaded with: the current one.
INSERT INTO submission_frameworks SELECT ?, fingerprint FROM framework_current
