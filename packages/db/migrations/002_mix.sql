-- MiX Telematics ingestion: master data, telemetry events, credentials and ETL bookkeeping.
-- MiX ids are signed 64-bit integers; they are kept as exact decimal text (`external_id`), never
-- as floating point, and compared as text with what MiX sends.

CREATE TABLE drivers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL DEFAULT 'mix' CHECK (source IN ('mix', 'manual')),
  external_id text NOT NULL UNIQUE,
  name text NOT NULL,
  employee_number text,
  fm_driver_id integer,
  is_system_driver boolean NOT NULL DEFAULT false,
  site_external_id text,
  mobile_number text,
  email text,
  extended_driver_id text,
  country text,
  raw jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drivers_name_idx ON drivers (lower(name));

CREATE TABLE vehicles (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL DEFAULT 'mix' CHECK (source IN ('mix', 'manual')),
  external_id text NOT NULL UNIQUE,
  description text NOT NULL,
  registration_number text,
  fleet_number text,
  site_external_id text,
  default_driver_external_id text,
  make text,
  model text,
  year text,
  vin text,
  fuel_type text,
  odometer_km double precision,
  raw jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vehicles_registration_idx ON vehicles (registration_number);

-- MiX "library events": the catalogue of event types. Admins mark which ones are infractions.
CREATE TABLE event_types (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL DEFAULT 'mix' CHECK (source IN ('mix', 'device', 'rule')),
  external_id text NOT NULL UNIQUE,
  description text NOT NULL,
  event_type text,
  display_units text,
  format_type text,
  value_name text,
  is_infraction boolean NOT NULL DEFAULT false,
  severity text CHECK (severity IN ('leve', 'media', 'grave', 'gravissima')),
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every telemetry event. No foreign keys on purpose (seed 004): an event is stored even when its
-- driver, vehicle or type has not been synchronised yet.
CREATE TABLE telemetry_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('mix', 'device', 'rule')),
  external_id text NOT NULL,
  driver_external_id text,
  vehicle_external_id text,
  event_type_external_id text,
  category text,
  started_at timestamptz,
  ended_at timestamptz,
  latitude double precision,
  longitude double precision,
  end_latitude double precision,
  end_longitude double precision,
  speed_kmh real,
  speed_limit_kmh real,
  value double precision,
  value_units text,
  value_type text,
  total_time_seconds integer,
  total_occurrences integer,
  odometer_km double precision,
  fuel_used_litres real,
  location_external_id text,
  address text,
  raw jsonb,
  received_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT telemetry_events_source_external_id_key UNIQUE (source, external_id)
);
-- "Events of a driver over a period, newest first" and the same per vehicle and overall.
CREATE INDEX telemetry_events_driver_idx ON telemetry_events (driver_external_id, started_at DESC);
CREATE INDEX telemetry_events_vehicle_idx ON telemetry_events (vehicle_external_id, started_at DESC);
CREATE INDEX telemetry_events_type_idx ON telemetry_events (event_type_external_id, started_at DESC);
CREATE INDEX telemetry_events_started_idx ON telemetry_events (started_at DESC);

-- MiX credentials. Secrets and tokens are AES-256-GCM ciphertexts (key from CREDENTIALS_KEY);
-- `fingerprint` ties stored tokens to the account they were issued for.
CREATE TABLE api_credentials (
  provider text PRIMARY KEY CHECK (provider IN ('mix')),
  identity_url text,
  api_url text,
  client_id text,
  client_secret_enc text,
  username text,
  password_enc text,
  organisation_id text,
  fingerprint text,
  access_token_enc text,
  access_token_expires_at timestamptz,
  refresh_token_enc text,
  updated_by uuid,
  credentials_updated_at timestamptz,
  tokens_updated_at timestamptz
);

-- One row per job: the checkpoint commits in the same transaction as the page it covers.
CREATE TABLE etl_control (
  job text PRIMARY KEY,
  last_successful_sincetoken text,
  has_more boolean NOT NULL DEFAULT false,
  paused boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE etl_runs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job text NOT NULL,
  trigger text NOT NULL DEFAULT 'schedule' CHECK (trigger IN ('schedule', 'manual')),
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  pages integer NOT NULL DEFAULT 0,
  requests integer NOT NULL DEFAULT 0,
  fetched integer NOT NULL DEFAULT 0,
  inserted integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  duration_ms integer,
  since_token_start text,
  since_token_end text,
  has_more boolean NOT NULL DEFAULT false,
  gap_from timestamptz,
  gap_to timestamptz,
  error text
);
CREATE INDEX etl_runs_job_idx ON etl_runs (job, started_at DESC);
