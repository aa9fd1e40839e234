-- Practice results on this computer and the remembered player name.
CREATE TABLE practice_results (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    score       REAL    NOT NULL,           -- points earned (q.Grade summed)
    max_score   REAL    NOT NULL,           -- questions asked
    correct     INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    topics      TEXT    NOT NULL DEFAULT '', -- chosen topics, "; "-joined, '' = all
    difficulty  INTEGER NOT NULL DEFAULT 0,  -- 0 = any
    finished_at TEXT    NOT NULL             -- RFC 3339, UTC
);
CREATE INDEX practice_results_best ON practice_results (score / max_score DESC, duration_ms);

CREATE TABLE practice_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
