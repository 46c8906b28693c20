-- System drivers (MiX's IsSystemDriver, and the placeholder names vendors create: "Unknown",
-- "Installer", "Automatically created driver 1") are not people: they are left out of the ranking and
-- of the search by default. An admin may mark a driver either way (system_override), which wins.
ALTER TABLE drivers ADD COLUMN system_override boolean;
ALTER TABLE drivers ADD COLUMN is_system boolean GENERATED ALWAYS AS (
  coalesce(
    system_override,
    is_system_driver
      OR pioneira_fold(name) ~ '^(unknown|unknown driver|installer|instalador|desconhecido|motorista desconhecido|automatically created driver( [0-9]+)?)$'
  )
) STORED;
CREATE INDEX drivers_system_idx ON drivers (id) WHERE is_system;

-- Typo-tolerant search compares each word of the query with each word of a name (edit distance), so a
-- misspelt surname finds its driver and nothing unrelated is added. The distinct name words are few
-- (thousands for a large fleet), so the distance is computed over this dictionary, then joined back to
-- driver_name_words. Words are only ever added: a stale word joins to no driver.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
CREATE TABLE driver_name_dictionary (
  word text COLLATE "C" PRIMARY KEY
);
INSERT INTO driver_name_dictionary (word) SELECT DISTINCT word FROM driver_name_words ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION driver_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.search_name IS NOT DISTINCT FROM OLD.search_name THEN
      RETURN NULL;
    END IF;
    DELETE FROM driver_name_words WHERE driver_id = NEW.id;
  END IF;
  INSERT INTO driver_name_words (word, driver_id, search_name)
    SELECT DISTINCT w, NEW.id, NEW.search_name FROM regexp_split_to_table(NEW.search_name, '[^[:alnum:]]+') AS w WHERE w <> ''
    ON CONFLICT DO NOTHING;
  INSERT INTO driver_name_dictionary (word)
    SELECT DISTINCT w FROM regexp_split_to_table(NEW.search_name, '[^[:alnum:]]+') AS w WHERE w <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- A part of an employee number ("01392" in "MX-013920") finds its driver.
CREATE INDEX drivers_employee_number_trgm_idx ON drivers USING gin (lower(employee_number) gin_trgm_ops);
