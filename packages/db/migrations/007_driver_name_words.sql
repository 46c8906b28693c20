-- Driver search by the start of any word of the name ("joao" finds "Mário João"; "joao sil" finds
-- "João da Silva"): one row per (folded word, driver), with the C collation so a btree serves
-- `word LIKE 'prefix%'` and an index-only scan returns the drivers. Kept in step by a trigger.
-- The folded full name rides along (INCLUDE) so ranking and paging read only this index.
CREATE TABLE driver_name_words (
  word text COLLATE "C" NOT NULL,
  driver_id bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
  search_name text NOT NULL,
  PRIMARY KEY (word, driver_id) INCLUDE (search_name)
);
CREATE INDEX driver_name_words_driver_idx ON driver_name_words (driver_id);

CREATE FUNCTION driver_name_words_sync() RETURNS trigger LANGUAGE plpgsql AS $$
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
  RETURN NULL;
END $$;
CREATE TRIGGER driver_name_words_sync AFTER INSERT OR UPDATE OF name ON drivers
  FOR EACH ROW EXECUTE FUNCTION driver_name_words_sync();

INSERT INTO driver_name_words (word, driver_id, search_name)
  SELECT DISTINCT w, d.id, d.search_name FROM drivers d, regexp_split_to_table(d.search_name, '[^[:alnum:]]+') AS w WHERE w <> ''
  ON CONFLICT DO NOTHING;
