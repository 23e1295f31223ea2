-- Region briefings kept at write time (schema version 9), as SQLite's migration 0018 explains:
-- the JSON of each briefing a server computed, removed by every write that may change it
-- (evaluations: in `refresh_rollups`, store/src/postgres/briefings.rs; observations and
-- regions: by the triggers below), kept only while the generation it was computed from is
-- current. Derived, like the rollups.

CREATE TABLE briefings (
    year     INTEGER NOT NULL,
    region   TEXT NOT NULL,
    source   TEXT NOT NULL,
    edition  TEXT NOT NULL,
    body     TEXT NOT NULL,
    PRIMARY KEY (year, region, source)
);

CREATE FUNCTION briefings_forget_observation_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM briefings WHERE year IN (OLD.year, OLD.year + 1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        DELETE FROM briefings WHERE year IN (NEW.year, NEW.year + 1);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER observations_briefings AFTER INSERT OR UPDATE OR DELETE ON observations
    FOR EACH ROW EXECUTE PROCEDURE briefings_forget_observation_years();

CREATE FUNCTION briefings_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM briefings;
    RETURN NULL;
END;
$$;
-- Per row, and an update only when it changes something: a start-up that enters the region
-- catalogue again (inserting nothing, changing nothing) forgets nothing.
CREATE TRIGGER regions_insert_briefings AFTER INSERT OR DELETE ON regions
    FOR EACH ROW EXECUTE PROCEDURE briefings_forget_all();
CREATE TRIGGER regions_update_briefings AFTER UPDATE ON regions
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE PROCEDURE briefings_forget_all();
