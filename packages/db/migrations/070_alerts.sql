-- Alerts (DESIGN.md §8): every new telemetry event and every parcel that is returned or runs late
-- goes to the `events` topic through the outbox, in the transaction that wrote it; the alerts
-- consumer matches it against alert rules and records one delivery per event, channel and recipient.

-- The events topic is fed by triggers, so no writer (MiX, rules, geofences, device status, or one
-- added later) can store an event without announcing it. One outbox row per event; its payload is
-- the row itself plus what the alert rules filter on (vehicle and driver ids, severity).
CREATE FUNCTION telemetry_events_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (topic, payload)
  SELECT 'events', convert_to(jsonb_build_object(
      'kind', 'telemetry',
      'key', 'telemetry:' || n.id,
      'type', n.event_type_external_id,
      'occurredAt', coalesce(n.started_at, n.received_at),
      'severity', t.severity,
      'label', coalesce(t.label, t.description),
      'vehicleId', v.id::text,
      'vehicle', coalesce(v.registration_number, v.description),
      'driverId', d.id::text,
      'driver', d.name,
      'event', to_jsonb(n))::text, 'UTF8')
  FROM new_rows n
  LEFT JOIN event_types t ON t.external_id = n.event_type_external_id
  LEFT JOIN vehicles v ON v.external_id = n.vehicle_external_id
  LEFT JOIN drivers d ON d.external_id = n.driver_external_id
  ORDER BY n.id;
  IF FOUND THEN PERFORM pg_notify('pioneira_outbox', ''); END IF;
  RETURN NULL;
END $$;

-- Statement-level with a transition table: a batch of 500 events costs one INSERT … SELECT.
-- An INSERT … ON CONFLICT DO UPDATE lists only the rows it inserted here (re-processing is silent).
CREATE TRIGGER telemetry_events_announce AFTER INSERT ON telemetry_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION telemetry_events_announce();

-- Parcels: the projection's status change to 'returned', and the first status change seen after the
-- expected date passed without delivery ('delayed', announced once per parcel).
ALTER TABLE parcels ADD COLUMN delay_announced_at timestamptz;

CREATE FUNCTION parcels_announce() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text;
BEGIN
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN RETURN NEW; END IF;
  IF NEW.status = 'returned' THEN
    kind := 'parcel.returned';
  ELSIF NEW.expected_at IS NOT NULL AND NEW.expected_at < coalesce(NEW.status_at, now())
    AND NEW.status NOT IN ('delivered', 'returned', 'lost') AND NEW.delay_announced_at IS NULL THEN
    kind := 'parcel.delayed';
    NEW.delay_announced_at := now();
  ELSE
    RETURN NEW;
  END IF;
  INSERT INTO outbox (topic, payload) VALUES ('events', convert_to(jsonb_build_object(
    'kind', 'parcel',
    'key', 'parcel:' || NEW.tracking_code || ':' || kind || ':' || coalesce(NEW.status_at::text, ''),
    'type', kind,
    'occurredAt', coalesce(NEW.status_at, now()),
    'severity', NULL,
    'label', NULL,
    'trackingCode', NEW.tracking_code,
    'event', jsonb_build_object('status', NEW.status, 'expectedAt', NEW.expected_at,
      'recipientCity', NEW.recipient_city, 'recipientUf', NEW.recipient_uf))::text, 'UTF8'));
  PERFORM pg_notify('pioneira_outbox', '');
  RETURN NEW;
END $$;

CREATE TRIGGER parcels_announce BEFORE UPDATE OF status ON parcels
  FOR EACH ROW EXECUTE FUNCTION parcels_announce();

-- Webhook endpoints; the signing secret is sealed with CREDENTIALS_KEY and shown once, at creation.
CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  url text NOT NULL,
  secret_enc text NOT NULL,
  secret_hint text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Alert rules. Empty filter arrays mean "any". `calendar` is a weekly calendar in the company's time
-- zone: [{ "day": 0-6 (Sunday = 0), "from": "HH:MM", "to": "HH:MM" }], NULL = always.
CREATE TABLE alert_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  event_types text[] NOT NULL DEFAULT '{}',
  severities text[] NOT NULL DEFAULT '{}',
  geofence_ids text[] NOT NULL DEFAULT '{}',
  vehicle_ids bigint[] NOT NULL DEFAULT '{}',
  driver_ids bigint[] NOT NULL DEFAULT '{}',
  parcel_codes text[] NOT NULL DEFAULT '{}',
  calendar jsonb CHECK (calendar IS NULL OR jsonb_typeof(calendar) = 'array'),
  user_ids uuid[] NOT NULL DEFAULT '{}',
  emails text[] NOT NULL DEFAULT '{}',
  webhook_ids uuid[] NOT NULL DEFAULT '{}',
  in_app boolean NOT NULL DEFAULT true,
  email_users boolean NOT NULL DEFAULT true,
  throttle_minutes integer NOT NULL DEFAULT 0 CHECK (throttle_minutes BETWEEN 0 AND 10080),
  digest boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One alert per rule and event (the natural key keeps a replay of the topic silent).
CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  event_key text NOT NULL,
  event_type text,
  vehicle_id bigint,
  occurred_at timestamptz NOT NULL,
  -- Events of the same rule and vehicle held back by the anti-storm window before this one (digest).
  suppressed integer NOT NULL DEFAULT 0,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (rule_id, event_key)
);

-- Anti-storm: the last alert per rule and vehicle, and what was held back since.
CREATE TABLE alert_throttle (
  rule_id uuid NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  vehicle_key text NOT NULL,
  last_alert_at timestamptz NOT NULL,
  suppressed integer NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, vehicle_key)
);

-- One delivery per event, channel and recipient, whichever rules matched: never sent twice.
CREATE TABLE alert_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
  event_key text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app', 'email', 'webhook')),
  recipient text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dead')),
  attempts integer NOT NULL DEFAULT 0,
  last_response_code integer,
  last_error text,
  last_attempt_at timestamptz,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_key, channel, recipient)
);
CREATE INDEX alert_deliveries_created_idx ON alert_deliveries (created_at DESC);
CREATE INDEX alert_deliveries_pending_idx ON alert_deliveries (created_at) WHERE status IN ('pending', 'failed');

-- The in-app notification centre: one row per in-app delivery.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  delivery_id uuid NOT NULL UNIQUE REFERENCES alert_deliveries (id) ON DELETE CASCADE,
  title text NOT NULL,
  body text NOT NULL,
  event_type text,
  vehicle_id bigint,
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
