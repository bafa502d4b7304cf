-- Twin of ../0012_record_version.sql.
-- Every record counts its saves: version starts at 1 and goes up by one
-- with each change, in the store's update (a deleted record cannot be
-- saved again). A save of a record read at an older version is refused
-- ("此记录已被他人修改"): two people editing the same record, on two
-- desktops or in the program and on the command line, never overwrite each
-- other silently. This is the
-- ledger's own counter; the field exchange compares its own clocks between
-- ledgers.
ALTER TABLE calendar_years ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE rounds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE visits ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE unit_disclosures ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE findings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE finding_events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE complaints ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE complaint_events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE activity_logs ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE actions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE attachments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE task_units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE task_milestones ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE task_events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE appraisal_rounds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE appraisal_results ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE appraisal_posts ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
