-- Driver search that ignores accents and case ("joao" finds "João"), vehicle search, and the
-- default classification of event types as infractions.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); generated columns and indexes need an
-- IMMUTABLE function, and we never change the dictionary, so this wrapper pins it.
CREATE FUNCTION pioneira_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

ALTER TABLE drivers ADD COLUMN search_name text GENERATED ALWAYS AS (pioneira_fold(name)) STORED;
CREATE INDEX drivers_search_trgm_idx ON drivers USING gin (search_name gin_trgm_ops);
CREATE INDEX drivers_search_prefix_idx ON drivers (search_name text_pattern_ops);
CREATE INDEX drivers_employee_number_idx ON drivers (lower(employee_number) text_pattern_ops);

ALTER TABLE vehicles ADD COLUMN search_text text GENERATED ALWAYS AS (
  pioneira_fold(coalesce(registration_number, '') || ' ' || description || ' ' || coalesce(fleet_number, ''))
) STORED;
CREATE INDEX vehicles_search_trgm_idx ON vehicles USING gin (search_text gin_trgm_ops);

-- Infractions of a driver over a period: only the event types flagged as infractions matter.
CREATE INDEX event_types_infraction_idx ON event_types (external_id) WHERE is_infraction;

-- Sensible defaults for a new event type, by its (Portuguese) description, applied once when the
-- type first arrives; admins change them afterwards and later syncs leave their choice alone.
-- Severities follow the Brazilian traffic code's scale (leve, média, grave, gravíssima).
CREATE FUNCTION event_types_default_classification() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d text := pioneira_fold(NEW.description);
  severity text;
BEGIN
  IF NEW.is_infraction OR NEW.severity IS NOT NULL THEN
    RETURN NEW;
  END IF;
  severity := CASE
    WHEN d LIKE '%celular%' OR d LIKE '%fadiga%' OR d LIKE '%sonolencia%' THEN 'gravissima'
    WHEN d LIKE '%excesso de velocidade%' OR d LIKE '%sem cinto%' THEN 'grave'
    WHEN d LIKE '%brusca%' OR d LIKE '%fora do horario%' THEN 'media'
    WHEN d LIKE '%marcha lenta%' OR d LIKE '%rotacao%' OR d LIKE '%faixa verde%' THEN 'leve'
  END;
  IF severity IS NOT NULL THEN
    NEW.is_infraction := true;
    NEW.severity := severity;
  END IF;
  NEW.label := coalesce(NEW.label, NEW.description);
  RETURN NEW;
END $$;
CREATE TRIGGER event_types_default_classification BEFORE INSERT ON event_types
  FOR EACH ROW EXECUTE FUNCTION event_types_default_classification();
