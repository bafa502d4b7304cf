-- 督办事项 (supervised tasks) and 评议 (appraisals).

-- A task decided by the county's 党委/政府: its units sign for it, report
-- progress every quarter, and the office closes it (办结销号).
CREATE TABLE tasks (
	id            TEXT PRIMARY KEY,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL DEFAULT '',
	device        TEXT NOT NULL DEFAULT '',
	deleted_at    TEXT,
	number        TEXT NOT NULL UNIQUE,
	year          INTEGER NOT NULL,
	seq           INTEGER NOT NULL,
	source        TEXT NOT NULL,
	source_ref    TEXT NOT NULL DEFAULT '',
	title         TEXT NOT NULL,
	content       TEXT NOT NULL,
	lead_unit_id  TEXT NOT NULL REFERENCES units(id),
	due_date      TEXT,
	handler       TEXT NOT NULL DEFAULT '',
	status        TEXT NOT NULL,
	registered_on TEXT NOT NULL,
	assigned_on   TEXT,
	reported_on   TEXT,
	closed_on     TEXT,
	UNIQUE (year, seq)
) STRICT;
CREATE INDEX tasks_status ON tasks(status, due_date) WHERE deleted_at IS NULL;

-- The lead and the 责任单位 of a task, each with its 签收 and its
-- 督办通知单. Units are never removed from a task once it is handed over.
CREATE TABLE task_units (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	task_id    TEXT NOT NULL REFERENCES tasks(id),
	unit_id    TEXT NOT NULL REFERENCES units(id),
	role       TEXT NOT NULL,
	sign_due   TEXT,
	signed_on  TEXT,
	signed_by  TEXT NOT NULL DEFAULT '',
	notice_id  TEXT REFERENCES documents(id)
) STRICT;
CREATE UNIQUE INDEX task_units_unit ON task_units(task_id, unit_id) WHERE deleted_at IS NULL;
CREATE INDEX task_units_by_unit ON task_units(unit_id) WHERE deleted_at IS NULL;

CREATE TABLE task_milestones (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	task_id    TEXT NOT NULL REFERENCES tasks(id),
	seq        INTEGER NOT NULL,
	title      TEXT NOT NULL,
	due_date   TEXT NOT NULL,
	done_on    TEXT
) STRICT;
CREATE INDEX task_milestones_task ON task_milestones(task_id, seq);

CREATE TABLE task_events (
	id           TEXT PRIMARY KEY,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	updated_by   TEXT NOT NULL DEFAULT '',
	device       TEXT NOT NULL DEFAULT '',
	deleted_at   TEXT,
	task_id      TEXT NOT NULL REFERENCES tasks(id),
	kind         TEXT NOT NULL,
	at           TEXT NOT NULL,
	actor        TEXT NOT NULL DEFAULT '',
	unit_id      TEXT REFERENCES units(id),
	on_date      TEXT,
	percent      INTEGER NOT NULL DEFAULT 0,
	due_date     TEXT,
	result       TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	approved_by  TEXT NOT NULL DEFAULT '',
	milestone_id TEXT REFERENCES task_milestones(id),
	action_id    TEXT REFERENCES actions(id)
) STRICT;
CREATE INDEX task_events_task ON task_events(task_id, at);
-- The latest progress report of each unit of a task.
CREATE INDEX task_events_progress ON task_events(task_id, unit_id, on_date) WHERE kind = '进展报告' AND deleted_at IS NULL;

-- A 责任追究 may rest on a task that was late or failed.
ALTER TABLE actions ADD COLUMN task_id TEXT REFERENCES tasks(id);

-- 评议 rounds: 群众评议, 民主评议, 万人评风, 网络评议 appraise units;
-- 关键岗位评议 appraises key posts.
CREATE TABLE appraisal_rounds (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	title      TEXT NOT NULL,
	kind       TEXT NOT NULL,
	from_date  TEXT NOT NULL,
	to_date    TEXT NOT NULL,
	held_on    TEXT,
	note       TEXT NOT NULL DEFAULT ''
) STRICT;

-- A unit's result in a round: ballots by verdict, or a score (NULL when
-- none was given), or both.
CREATE TABLE appraisal_results (
	id          TEXT PRIMARY KEY,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	updated_by  TEXT NOT NULL DEFAULT '',
	device      TEXT NOT NULL DEFAULT '',
	deleted_at  TEXT,
	round_id    TEXT NOT NULL REFERENCES appraisal_rounds(id),
	unit_id     TEXT NOT NULL REFERENCES units(id),
	ballots     INTEGER NOT NULL DEFAULT 0,
	satisfied   INTEGER NOT NULL DEFAULT 0,
	basic       INTEGER NOT NULL DEFAULT 0,
	unsatisfied INTEGER NOT NULL DEFAULT 0,
	score       REAL,
	note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX appraisal_results_unit ON appraisal_results(round_id, unit_id) WHERE deleted_at IS NULL;
CREATE INDEX appraisal_results_by_unit ON appraisal_results(unit_id) WHERE deleted_at IS NULL;

CREATE TABLE appraisal_posts (
	id         TEXT PRIMARY KEY,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL DEFAULT '',
	device     TEXT NOT NULL DEFAULT '',
	deleted_at TEXT,
	round_id   TEXT NOT NULL REFERENCES appraisal_rounds(id),
	unit_id    TEXT NOT NULL REFERENCES units(id),
	post       TEXT NOT NULL,
	holder     TEXT NOT NULL,
	duties     TEXT NOT NULL DEFAULT '',
	score      REAL,
	mark       TEXT NOT NULL DEFAULT '',
	action_id  TEXT REFERENCES actions(id)
) STRICT;
CREATE INDEX appraisal_posts_round ON appraisal_posts(round_id) WHERE deleted_at IS NULL;
CREATE INDEX appraisal_posts_by_unit ON appraisal_posts(unit_id) WHERE deleted_at IS NULL;
