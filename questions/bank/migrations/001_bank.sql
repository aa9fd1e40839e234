-- The question bank. Text is stored NFC (questions.Normalize); search holds
-- questions.SearchKey of the title, stem, options and source so that search
-- is diacritic- and case-insensitive without SQL functions.

-- Small key/value facts about the bank, e.g. that the default PAR set was
-- loaded (so it is loaded once, even if the organiser later empties it).
CREATE TABLE bank_meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- A draw group is every question sharing (set, topic, kind, difficulty).
-- Each question has a dense rank 0..n-1 inside its group, so Draw can pick
-- the k-th candidate with one index seek instead of reading every id.
CREATE TABLE draw_groups (
	id         INTEGER PRIMARY KEY,
	set_name   TEXT    NOT NULL,
	topic      TEXT    NOT NULL,
	kind       TEXT    NOT NULL,
	difficulty INTEGER NOT NULL,
	n          INTEGER NOT NULL DEFAULT 0 CHECK (n >= 0),
	UNIQUE (set_name, topic, kind, difficulty)
);

CREATE TABLE questions (
	id             INTEGER PRIMARY KEY,
	hash           TEXT    NOT NULL UNIQUE,
	kind           TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'truefalse', 'numeric', 'short')),
	title          TEXT    NOT NULL DEFAULT '',
	text           TEXT    NOT NULL,
	search         TEXT    NOT NULL,
	topic          TEXT    NOT NULL,
	difficulty     INTEGER NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
	explanation    TEXT    NOT NULL DEFAULT '',
	source         TEXT    NOT NULL DEFAULT '',
	set_name       TEXT    NOT NULL DEFAULT '',
	truth          INTEGER NOT NULL DEFAULT 0,
	num_value      REAL    NOT NULL DEFAULT 0,
	num_tol        REAL    NOT NULL DEFAULT 0,
	num_min        REAL    NOT NULL DEFAULT 0,
	num_max        REAL    NOT NULL DEFAULT 0,
	num_range      INTEGER NOT NULL DEFAULT 0,
	true_feedback  TEXT    NOT NULL DEFAULT '',
	false_feedback TEXT    NOT NULL DEFAULT '',
	group_id       INTEGER NOT NULL REFERENCES draw_groups (id),
	draw_rank      INTEGER NOT NULL,
	created_at     TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	UNIQUE (group_id, draw_rank)
);
CREATE INDEX questions_topic ON questions (topic, id);
CREATE INDEX questions_set ON questions (set_name, topic, id);

CREATE TABLE choices (
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	correct     INTEGER NOT NULL DEFAULT 0,
	weight      REAL    NOT NULL DEFAULT 0,
	feedback    TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (question_id, pos)
) WITHOUT ROWID;

-- Accepted answers of short-answer questions, in the order given.
CREATE TABLE accepted (
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	text        TEXT    NOT NULL,
	PRIMARY KEY (question_id, pos)
) WITHOUT ROWID;

CREATE TABLE tags (
	question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
	pos         INTEGER NOT NULL,
	tag         TEXT    NOT NULL,
	PRIMARY KEY (question_id, pos)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags (tag);
