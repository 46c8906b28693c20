-- Real-time GPS: devices, their positions (time-partitioned), and the outbox the relay publishes from.

-- A tracker or phone. `num` is a compact internal key: positions carry it instead of the uuid, which
-- keeps a stored position (heap + primary key) under 100 bytes. `vehicle_id`/`driver_id` point at the
-- master data of 002; deleting a vehicle or driver only unlinks its devices.
CREATE TABLE devices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  num integer GENERATED ALWAYS AS IDENTITY UNIQUE,
  identifier text NOT NULL UNIQUE,
  name text NOT NULL,
  protocol text NOT NULL CHECK (protocol IN ('osmand', 'owntracks', 'teltonika', 'json')),
  vehicle_id bigint REFERENCES vehicles (id) ON DELETE SET NULL,
  driver_id bigint REFERENCES drivers (id) ON DELETE SET NULL,
  -- sha256 of the device token used by POST /ingest/positions; the token itself is shown once.
  token_hash bytea UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX devices_vehicle_idx ON devices (vehicle_id) WHERE vehicle_id IS NOT NULL;
CREATE INDEX devices_driver_idx ON devices (driver_id) WHERE driver_id IS NOT NULL;

-- Ingest processes cache identifier → device; a change anywhere tells them to forget it.
CREATE FUNCTION devices_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_devices', '');
  RETURN NULL;
END $$;
CREATE TRIGGER devices_changed AFTER INSERT OR UPDATE OR DELETE ON devices
  FOR EACH STATEMENT EXECUTE FUNCTION devices_changed();

-- GPS history. Compact on purpose (DESIGN §6: ≤ 100 bytes per position with indexes):
-- exactly 8 columns, so the null bitmap fits in the 24-byte tuple header; coordinates as integer
-- degrees × 10^7 (1 cm, like Teltonika's wire format); speed in tenths of km/h; course in degrees;
-- altitude and accuracy in metres (clamped to smallint by the writer). No index but the key.
CREATE TABLE positions (
  fixed_at timestamptz NOT NULL,
  device_num integer NOT NULL,
  lat_e7 integer NOT NULL,
  lon_e7 integer NOT NULL,
  speed_dkmh smallint,
  course smallint,
  altitude smallint,
  accuracy smallint,
  PRIMARY KEY (device_num, fixed_at)
) PARTITION BY RANGE (fixed_at);

-- Device attributes (battery, ignition, Teltonika IO…) of the positions that carry any, kept apart so
-- the plain position stays compact. Same key and partitions as positions.
CREATE TABLE position_attributes (
  fixed_at timestamptz NOT NULL,
  device_num integer NOT NULL,
  attributes jsonb NOT NULL,
  PRIMARY KEY (device_num, fixed_at)
) PARTITION BY RANGE (fixed_at);

-- Fixes far in the past or future (buffered phones, bad clocks) land here instead of failing.
CREATE TABLE positions_default PARTITION OF positions DEFAULT;
CREATE TABLE position_attributes_default PARTITION OF position_attributes DEFAULT;

-- Creates the daily partitions from `days_back` days ago to `days_ahead` days ahead and drops the
-- ones wholly older than `retention_days`. Idempotent; run at boot and hourly by the relay role.
-- A day whose rows already sit in the DEFAULT partition is skipped (it stays there, still correct).
CREATE FUNCTION gps_maintain_partitions(days_back int DEFAULT 2, days_ahead int DEFAULT 7,
                                        retention_days int DEFAULT 365)
RETURNS TABLE (action text, partition_name text) LANGUAGE plpgsql AS $$
DECLARE
  day date;
  parent text;
  part record;
BEGIN
  FOREACH parent IN ARRAY ARRAY['positions', 'position_attributes'] LOOP
    FOR day IN SELECT generate_series(current_date - days_back, current_date + days_ahead, '1 day')::date LOOP
      partition_name := format('%s_%s', parent, to_char(day, 'YYYYMMDD'));
      CONTINUE WHEN to_regclass(partition_name) IS NOT NULL;
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       partition_name, parent, day::timestamptz, (day + 1)::timestamptz);
        action := 'created';
        RETURN NEXT;
      EXCEPTION WHEN check_violation THEN
        action := 'skipped';
        RETURN NEXT;
      END;
    END LOOP;
    FOR part IN
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = parent::regclass AND c.relname ~ '_\d{8}$'
        AND to_date(right(c.relname, 8), 'YYYYMMDD') < current_date - retention_days
    LOOP
      EXECUTE format('DROP TABLE %I', part.relname);
      action := 'dropped';
      partition_name := part.relname;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END $$;

SELECT gps_maintain_partitions();

-- One row per ingested batch, written in the same transaction as its positions; the relay deletes it
-- once the event log has it. `payload` is the batch in the binary layout of @pioneira/ingest.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Positions refused because their device is not registered: counted per identifier, never stored.
CREATE TABLE rejected_devices (
  identifier text NOT NULL,
  protocol text NOT NULL,
  rejected bigint NOT NULL DEFAULT 0,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (identifier, protocol)
);
