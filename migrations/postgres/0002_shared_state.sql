-- State several FundLens servers share (schema version 2), as migrations/sqlite/0011 does.
--
-- 1. The data generation: a number every committed write of the records moves (an import,
--    replacement, delete, restore, observations, an account or region change: every audited
--    write but sign-ins and sign-outs, and every new region), kept here so every server reads
--    the same one; an answer cache keyed by it is right on every server at once.
-- 2. Failed sign-ins per account name and per client address (the login throttle), so a
--    second server does not give an attacker a fresh count.

CREATE TABLE store_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO store_state (id, generation) VALUES (1, 0);

CREATE FUNCTION store_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE store_state SET generation = generation + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER audit_log_generation AFTER INSERT ON audit_log
    FOR EACH ROW WHEN (NEW.action NOT IN ('login', 'login_failed', 'logout'))
    EXECUTE PROCEDURE store_generation_bump();
-- Per row: a start-up that enters the region catalogue again inserts nothing and moves nothing.
CREATE TRIGGER regions_generation AFTER INSERT ON regions
    FOR EACH ROW EXECUTE PROCEDURE store_generation_bump();

-- `key` is `name:<account name>` or `address:<client address>`; `last_at_ms` Unix milliseconds.
CREATE TABLE login_failures (
    key         TEXT PRIMARY KEY,
    count       BIGINT NOT NULL,
    last_at_ms  BIGINT NOT NULL
);
