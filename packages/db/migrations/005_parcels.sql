-- Parcel tracking (seed 003's `pacotes` and `eventos_rastreamento`): parcels, their tracking events
-- (time-partitioned), CSV imports with their rejections, and the API keys of event producers.

-- The canonical status vocabulary, ordered so that a tie on occurred_at resolves to the later stage.
CREATE FUNCTION parcel_status_rank(status text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE status
    WHEN 'posted' THEN 1 WHEN 'in_transit' THEN 2 WHEN 'awaiting_pickup' THEN 3
    WHEN 'out_for_delivery' THEN 4 WHEN 'delivery_failed' THEN 5 WHEN 'returned' THEN 6
    WHEN 'lost' THEN 7 WHEN 'delivered' THEN 8 ELSE 0 END
$$;

-- One row per parcel. Master data comes from parcel imports; `status`, `status_at`, `delivered_at` and
-- `first_event_at` are a projection of tracking_events (latest by occurred_at; an older event arriving
-- late never moves it back). A parcel first seen through an event exists with empty master data.
CREATE TABLE parcels (
  tracking_code text COLLATE "C" PRIMARY KEY,
  sender_city text,
  sender_uf char(2),
  recipient_city text,
  recipient_uf char(2),
  recipient_cep char(8),
  service text,
  weight_kg numeric(10, 3),
  posted_at timestamptz,
  expected_at timestamptz,
  delivered_at timestamptz,
  first_event_at timestamptz,
  status text,
  status_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX parcels_status_idx ON parcels (status, status_at DESC);
CREATE INDEX parcels_posted_idx ON parcels (posted_at);
CREATE INDEX parcels_recipient_uf_idx ON parcels (recipient_uf, posted_at);

-- Every tracking event, partitioned by month of occurred_at. The unique key makes both ingress paths
-- idempotent; it starts with the tracking code, so it also serves a parcel's timeline.
-- Codes and statuses compare bytewise (COLLATE "C"): the unique index is the cost of every insert.
CREATE TABLE tracking_events (
  tracking_code text COLLATE "C" NOT NULL,
  status text COLLATE "C" NOT NULL,
  occurred_at timestamptz NOT NULL,
  city text,
  uf char(2),
  facility text,
  description text,
  source text NOT NULL CHECK (source IN ('csv', 'stream')),
  import_id uuid,
  received_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (occurred_at);
CREATE UNIQUE INDEX tracking_events_key ON tracking_events (tracking_code, status, occurred_at);
CREATE TABLE tracking_events_default PARTITION OF tracking_events DEFAULT;

-- Creates the monthly partitions covering [from_ts, to_ts] (at most 120 months) that do not exist
-- yet. Idempotent. A month whose rows already sit in the DEFAULT partition is skipped (still correct).
CREATE FUNCTION tracking_events_ensure_partitions(from_ts timestamptz, to_ts timestamptz)
RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  month date := date_trunc('month', from_ts AT TIME ZONE 'UTC')::date;
  last date := LEAST(date_trunc('month', to_ts AT TIME ZONE 'UTC')::date, month + interval '119 months');
  name text;
  created int := 0;
BEGIN
  WHILE month <= last LOOP
    name := format('tracking_events_%s', to_char(month, 'YYYYMM'));
    IF to_regclass(name) IS NULL THEN
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF tracking_events FOR VALUES FROM (%L) TO (%L)', name,
                       (month::timestamp AT TIME ZONE 'UTC'),
                       ((month + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
        created := created + 1;
      EXCEPTION WHEN check_violation OR duplicate_table THEN
        NULL;
      END;
    END IF;
    month := month + interval '1 month';
  END LOOP;
  RETURN created;
END $$;

-- The months around now; imports create the months of their own data before merging.
SELECT tracking_events_ensure_partitions(now() - interval '3 months', now() + interval '3 months');

CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('parcels', 'tracking')),
  filename text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Where the bytes are: a large object (uploads, readable by any worker) or a local file (CLI).
  blob_oid oid,
  file_path text,
  encoding text,
  delimiter text,
  bytes_total bigint NOT NULL DEFAULT 0,
  -- Checkpoint: bytes and rows consumed by committed chunks; a retried job resumes from here.
  bytes_read bigint NOT NULL DEFAULT 0,
  rows_read bigint NOT NULL DEFAULT 0,
  rows_accepted bigint NOT NULL DEFAULT 0,
  rows_inserted bigint NOT NULL DEFAULT 0,
  rows_rejected bigint NOT NULL DEFAULT 0,
  percent numeric(5, 2) NOT NULL DEFAULT 0,
  rows_per_second integer NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  started_at timestamptz,
  finished_at timestamptz,
  error text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Uploaded bytes are dropped once the import is done.
  CHECK (blob_oid IS NOT NULL OR file_path IS NOT NULL OR status = 'done')
);
CREATE INDEX imports_created_idx ON imports (created_at DESC);

CREATE TABLE import_rejections (
  import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  row_number bigint NOT NULL,
  column_name text,
  reason text NOT NULL,
  message text NOT NULL,
  raw_line text,
  PRIMARY KEY (import_id, row_number)
);

-- Keys of the systems that push tracking events (POST /ingest/tracking-events). Only a sha256 of the
-- key is kept; the key itself is shown once, when an admin creates it.
CREATE TABLE integration_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  key_prefix text NOT NULL,
  key_hash bytea NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
