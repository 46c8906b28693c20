-- Projections the api keeps in memory, and what tells them of a change.

-- The latest-positions answer carries each device's plate: a plate changed (by hand or by the MiX
-- synchronisation) tells the api to list the devices again, as a device change does.
CREATE FUNCTION vehicles_plate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_devices', '');
  RETURN NULL;
END $$;
CREATE TRIGGER vehicles_plate_changed AFTER UPDATE OF registration_number ON vehicles
  FOR EACH ROW WHEN (OLD.registration_number IS DISTINCT FROM NEW.registration_number)
  EXECUTE FUNCTION vehicles_plate_changed();

-- The driver search answers from a projection of the drivers' searchable words. Every statement that
-- changes drivers bumps this version (in its transaction, so a reader sees the version and the rows
-- change together) and NOTIFYs 'version:ids' (ids comma-separated, or '*' for many or a TRUNCATE).
-- A search checks the version in the query that reads its page: a projection behind it is not used.
CREATE TABLE driver_search_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version bigint NOT NULL
);
INSERT INTO driver_search_version (version) VALUES (0);

CREATE FUNCTION drivers_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  ids text;
  v bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    n := 1000;
  ELSE
    SELECT count(*), string_agg(id::text, ',') INTO n, ids FROM (SELECT id FROM changed LIMIT 201) c;
    IF n = 0 THEN RETURN NULL; END IF;
  END IF;
  UPDATE driver_search_version SET version = version + 1 RETURNING version INTO v;
  PERFORM pg_notify('pioneira_drivers', v::text || ':' || CASE WHEN n > 200 THEN '*' ELSE ids END);
  RETURN NULL;
END $$;
CREATE TRIGGER drivers_search_inserted AFTER INSERT ON drivers REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION drivers_search_changed();
CREATE TRIGGER drivers_search_updated AFTER UPDATE ON drivers REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION drivers_search_changed();
CREATE TRIGGER drivers_search_deleted AFTER DELETE ON drivers REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION drivers_search_changed();
CREATE TRIGGER drivers_search_truncated AFTER TRUNCATE ON drivers
  FOR EACH STATEMENT EXECUTE FUNCTION drivers_search_changed();
