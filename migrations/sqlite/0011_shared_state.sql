-- State several FundLens processes share through the database (schema version 11).
--
-- 1. The data generation: a number every committed write of the records moves (an import,
--    replacement, delete, restore, observations, an account or region change: every audited
--    write but sign-ins and sign-outs, and every new region). It lives in the database, moved
--    by triggers in the writing transaction itself, so every process reading the file (the
--    server, `fundlens import` beside it) sees the same number: an answer cache keyed by it
--    is never stale. PostgreSQL keeps the same (migrations/postgres/0002).
-- 2. Failed sign-ins per account name and per client address (the login throttle), so a
--    restart, or another server, does not give an attacker a fresh count.

CREATE TABLE store_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  INTEGER NOT NULL
);
INSERT INTO store_state (id, generation) VALUES (1, 0);

CREATE TRIGGER audit_log_generation AFTER INSERT ON audit_log
WHEN NEW.action NOT IN ('login', 'login_failed', 'logout')
BEGIN UPDATE store_state SET generation = generation + 1 WHERE id = 1; END;
CREATE TRIGGER regions_generation AFTER INSERT ON regions
BEGIN UPDATE store_state SET generation = generation + 1 WHERE id = 1; END;

-- `key` is `name:<account name>` or `address:<client address>`; `last_at_ms` Unix milliseconds.
CREATE TABLE login_failures (
    key         TEXT PRIMARY KEY,
    count       INTEGER NOT NULL,
    last_at_ms  INTEGER NOT NULL
) WITHOUT ROWID;
