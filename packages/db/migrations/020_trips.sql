-- Trips, stops and daily summaries, segmented per device as positions arrive (packages/trips).

-- Segmentation thresholds per vehicle category; the 'default' row applies to every vehicle whose
-- category has no row of its own. Defaults follow common practice: a trip covers ≥ 500 m and lasts
-- ≥ 5 min, a stop lasts ≥ 5 min, a silence of more than 15 min ends a trip at its last fix.
ALTER TABLE vehicles ADD COLUMN IF NOT EXISTS category text;

CREATE TABLE trip_settings (
  category text PRIMARY KEY,
  min_trip_distance_m integer NOT NULL DEFAULT 500 CHECK (min_trip_distance_m >= 0),
  min_trip_seconds integer NOT NULL DEFAULT 300 CHECK (min_trip_seconds >= 0),
  min_stop_seconds integer NOT NULL DEFAULT 300 CHECK (min_stop_seconds > 0),
  moving_speed_kmh real NOT NULL DEFAULT 5 CHECK (moving_speed_kmh > 0),
  max_gap_seconds integer NOT NULL DEFAULT 900 CHECK (max_gap_seconds > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO trip_settings (category) VALUES ('default');

-- The segmenter's state per device (the open trip or stop), committed with the segments it closed.
CREATE TABLE trip_states (
  device_num integer PRIMARY KEY,
  last_fixed_at timestamptz,
  moving boolean NOT NULL DEFAULT false,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX trip_states_moving_idx ON trip_states (last_fixed_at) WHERE moving;

-- Closed trips. `source` 'device' are segmented here (key: device and start); 'mix' are vendor trips
-- (key: their external id). Vehicle and driver are the attribution at segmentation time.
CREATE TABLE trips (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL DEFAULT 'device' CHECK (source IN ('device', 'mix')),
  device_num integer,
  external_id text,
  vehicle_id bigint,
  driver_id bigint,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  start_lat double precision NOT NULL,
  start_lon double precision NOT NULL,
  end_lat double precision NOT NULL,
  end_lon double precision NOT NULL,
  distance_m double precision NOT NULL,
  driving_seconds double precision NOT NULL,
  idle_seconds double precision NOT NULL DEFAULT 0,
  max_speed_kmh real,
  odometer_start_m double precision,
  odometer_end_m double precision,
  engine_seconds double precision,
  fuel_used_l real,
  CHECK (ended_at >= started_at),
  CHECK ((source = 'device') = (device_num IS NOT NULL))
);
CREATE UNIQUE INDEX trips_device_key ON trips (device_num, started_at) WHERE source = 'device';
CREATE UNIQUE INDEX trips_external_key ON trips (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX trips_vehicle_idx ON trips (vehicle_id, started_at);
CREATE INDEX trips_driver_idx ON trips (driver_id, started_at) WHERE driver_id IS NOT NULL;

-- Closed stops (≥ min_stop_seconds); `idle_seconds` is the part with the engine reported on.
CREATE TABLE stops (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_num integer NOT NULL,
  vehicle_id bigint,
  driver_id bigint,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  idle_seconds double precision NOT NULL DEFAULT 0,
  CHECK (ended_at >= started_at),
  UNIQUE (device_num, started_at)
);
CREATE INDEX stops_vehicle_idx ON stops (vehicle_id, started_at);
CREATE INDEX stops_driver_idx ON stops (driver_id, started_at) WHERE driver_id IS NOT NULL;

-- One row per vehicle or driver and local day (company time zone), recomputed from trips and stops
-- for the days a change touches. Trips and stops that span midnight count pro rata on each day.
CREATE TABLE daily_summaries (
  subject text NOT NULL CHECK (subject IN ('vehicle', 'driver')),
  subject_id bigint NOT NULL,
  day date NOT NULL,
  trips integer NOT NULL,
  stops integer NOT NULL,
  distance_m double precision NOT NULL,
  driving_seconds double precision NOT NULL,
  idle_seconds double precision NOT NULL,
  stopped_seconds double precision NOT NULL,
  max_speed_kmh real,
  first_departure_at timestamptz,
  last_arrival_at timestamptz,
  odometer_start_m double precision,
  odometer_end_m double precision,
  engine_seconds double precision,
  fuel_used_l double precision,
  PRIMARY KEY (subject, subject_id, day)
);
-- The fleet's figures of a period read every vehicle's days at once.
CREATE INDEX daily_summaries_day_idx ON daily_summaries (subject, day);
