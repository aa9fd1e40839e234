-- Contest persistence: the sealed plan, the roster and questions as they
-- were drawn, and the journal of everything that happened.
CREATE TABLE contests (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    plan       TEXT NOT NULL -- quiz.Plan as JSON: config, roster, drawn questions (authoritative)
);

CREATE TABLE contest_roster (
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit       TEXT NOT NULL,
    block      TEXT NOT NULL DEFAULT '',
    public_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contest_id, code)
) WITHOUT ROWID;

-- The drawn questions, copied: editing the bank later changes nothing.
CREATE TABLE contest_questions (
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    round      INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    seed       INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    bank_id    INTEGER NOT NULL DEFAULT 0,
    question   TEXT NOT NULL, -- questions.Question as JSON
    PRIMARY KEY (contest_id, round, position)
) WITHOUT ROWID;

-- The journal: one row per quiz.Record, in seq order.
CREATE TABLE contest_journal (
    contest_id INTEGER NOT NULL REFERENCES contests(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    op         TEXT NOT NULL,
    code       TEXT NOT NULL DEFAULT '',
    record     TEXT NOT NULL, -- quiz.Record as JSON
    PRIMARY KEY (contest_id, seq)
) WITHOUT ROWID;
