-- Geofences (issue 16): circles, polygons and corridors, evaluated in JS from an in-memory spatial
-- index built from these rows (no PostGIS: a fresh machine runs embedded PostgreSQL). The geometry
-- is GeoJSON (RFC 7946, lon/lat): a Point with radius_m (circle), a Polygon (outer ring counter-
-- clockwise, holes clockwise) or a LineString with width_m (corridor); the bounding box columns are
-- what the index and the API's filters read.

CREATE TABLE geofence_groups (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE geofences (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind text NOT NULL CHECK (kind IN ('circle', 'polygon', 'corridor')),
  group_id bigint REFERENCES geofence_groups (id) ON DELETE SET NULL,
  geometry jsonb NOT NULL CHECK (geometry ->> 'type' IN ('Point', 'Polygon', 'LineString')),
  radius_m double precision CHECK (radius_m > 0),
  width_m double precision CHECK (width_m > 0),
  min_lon double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  -- Optional rules of the place: a lower speed limit inside (feeds the overspeed rule), the weekly
  -- windows when being there is allowed (same shape as rule settings' allowedHours), and how long a
  -- stay may last before a dwell event.
  speed_limit_kmh real CHECK (speed_limit_kmh > 0),
  allowed_hours jsonb CHECK (allowed_hours IS NULL OR jsonb_typeof(allowed_hours) = 'array'),
  dwell_max_seconds integer CHECK (dwell_max_seconds > 0),
  -- Metres of hysteresis at the border: GPS jitter inside this band changes nothing.
  hysteresis_m real NOT NULL DEFAULT 20 CHECK (hysteresis_m >= 0 AND hysteresis_m <= 500),
  created_by uuid,
  updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'circle') = (radius_m IS NOT NULL)),
  CHECK ((kind = 'corridor') = (width_m IS NOT NULL))
);
CREATE INDEX geofences_group_idx ON geofences (group_id, name);
CREATE INDEX geofences_name_idx ON geofences (lower(name));

-- The evaluators keep an index in memory; each change tells them which geofence to reload.
CREATE FUNCTION geofences_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_geofences', coalesce(NEW.id, OLD.id)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER geofences_changed AFTER INSERT OR UPDATE OR DELETE ON geofences
  FOR EACH ROW EXECUTE FUNCTION geofences_changed();

-- The geofences consumer's state per device (presence and pending border streaks per geofence, the
-- previous fix for segment crossing), locked and rewritten by the transaction storing its events.
CREATE TABLE geofence_device_state (
  device_num integer PRIMARY KEY,
  state jsonb NOT NULL,
  last_fix_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Visits: a device inside a geofence from entered_at to exited_at (NULL while inside). The natural
-- key makes a replay rewrite the same rows. No foreign key: a deleted geofence keeps its history.
CREATE TABLE geofence_visits (
  device_num integer NOT NULL,
  geofence_id bigint NOT NULL,
  entered_at timestamptz NOT NULL,
  exited_at timestamptz,
  geofence_name text NOT NULL,
  vehicle_external_id text,
  driver_external_id text,
  PRIMARY KEY (device_num, geofence_id, entered_at)
);
CREATE INDEX geofence_visits_entered_idx ON geofence_visits (entered_at DESC);
CREATE INDEX geofence_visits_geofence_idx ON geofence_visits (geofence_id, entered_at DESC);
CREATE INDEX geofence_visits_vehicle_idx ON geofence_visits (vehicle_external_id, entered_at DESC);

-- Device status: online while fixes keep coming. The timeout is the device's own or the
-- configured default; the transition rows are taken under row locks, so each is reported once.
ALTER TABLE devices ADD COLUMN offline_after_seconds integer CHECK (offline_after_seconds BETWEEN 60 AND 604800);
CREATE TABLE device_status (
  device_num integer PRIMARY KEY,
  online boolean NOT NULL,
  last_fix_at timestamptz NOT NULL,
  changed_at timestamptz NOT NULL
);

INSERT INTO event_types (source, external_id, description, value_name, display_units, is_infraction, severity, label) VALUES
  ('geofence', 'geofence.enter', 'Entrada em cerca', NULL, NULL, false, NULL, 'Entrada em cerca'),
  ('geofence', 'geofence.exit', 'Saída de cerca', 'Permanência', 's', false, NULL, 'Saída de cerca'),
  ('geofence', 'geofence.dwell', 'Permanência acima do limite na cerca', 'Permanência', 's', true, 'leve', 'Permanência excedida'),
  ('geofence', 'geofence.outside-hours', 'Presença na cerca fora do horário permitido', NULL, NULL, true, 'media', 'Cerca fora do horário'),
  ('device', 'device.offline', 'Rastreador sem comunicação', 'Sem comunicação desde', NULL, false, NULL, 'Rastreador offline'),
  ('device', 'device.online', 'Rastreador voltou a comunicar', 'Silêncio', 's', false, NULL, 'Rastreador online')
ON CONFLICT (external_id) DO NOTHING;
