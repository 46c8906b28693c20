-- Derived infractions (issue 15): the rules consumer writes telemetry_events with source 'rules',
-- reading thresholds from rule_settings (defaults, then the vehicle's category, then the vehicle).

ALTER TABLE telemetry_events DROP CONSTRAINT telemetry_events_source_check,
  ADD CONSTRAINT telemetry_events_source_check CHECK (source IN ('mix', 'device', 'rule', 'rules', 'geofence'));
ALTER TABLE event_types DROP CONSTRAINT event_types_source_check,
  ADD CONSTRAINT event_types_source_check CHECK (source IN ('mix', 'device', 'rule', 'rules', 'geofence'));

-- Lei 13.103 applies to cargo and passenger transport; other vehicles are exempt from the
-- driving-time checks (every other rule still applies to them).
ALTER TABLE vehicles ADD COLUMN rule_category text NOT NULL DEFAULT 'exempt'
  CHECK (rule_category IN ('cargo', 'passengers', 'exempt'));

-- Thresholds as data: one JSON object per scope, each key overriding the scope below it
-- ('default' < 'category' < 'vehicle'). The keys are those of RuleSettings in @pioneira/rules.
CREATE TABLE rule_settings (
  scope text NOT NULL CHECK (scope IN ('default', 'category', 'vehicle')),
  scope_key text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  updated_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, scope_key)
);

INSERT INTO rule_settings (scope, scope_key, settings) VALUES
  ('default', 'default', '{
    "timeZone": "America/Sao_Paulo",
    "speedLimitKmh": 80, "overspeedToleranceKmh": 7, "overspeedMinSeconds": 10,
    "harshAccelerationMs2": 3.0, "harshBrakingMs2": 3.5, "harshCorneringMs2": 3.0, "harshMaxFixGapSeconds": 5,
    "idleMaxSeconds": 300, "movingSpeedKmh": 5, "maxFixGapSeconds": 300, "stopMinSeconds": 120,
    "allowedHours": null,
    "drivingTime": false, "continuousDrivingMaxMinutes": 330, "restMinMinutes": 30, "restFractionMinMinutes": 10,
    "dailyRestMinMinutes": 660, "dailyRestFirstMinMinutes": 480, "mealBreakMinMinutes": 60,
    "workdayMinutes": 480, "overtimeMinutes": 120
  }'),
  ('category', 'cargo', '{"drivingTime": true, "continuousDrivingMaxMinutes": 330}'),
  ('category', 'passengers', '{"drivingTime": true, "continuousDrivingMaxMinutes": 240}'),
  ('category', 'exempt', '{"drivingTime": false}');

-- Every change to rule_settings or to a vehicle's category: who, when, before and after.
CREATE TABLE rule_settings_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  scope text NOT NULL,
  scope_key text NOT NULL,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  before jsonb,
  after jsonb
);
CREATE INDEX rule_settings_audit_scope_idx ON rule_settings_audit (scope, scope_key, changed_at DESC);

-- The rules consumer's incremental state per device (open episodes, previous fix), locked and
-- rewritten by the transaction that stores the episodes it closed.
CREATE TABLE rules_device_state (
  device_num integer PRIMARY KEY,
  state jsonb NOT NULL,
  last_fix_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Each driver's driving periods (from any vehicle), the timeline the Lei 13.103 checks read.
CREATE TABLE driver_activity (
  driver_external_id text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz NOT NULL,
  device_num integer NOT NULL,
  vehicle_external_id text,
  -- Metres covered, for the scorecard (events per 100 km).
  distance_m double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (driver_external_id, started_at, device_num)
);

-- The event types the rules derive, classified like the admins would (they change them afterwards).
INSERT INTO event_types (source, external_id, description, value_name, display_units, is_infraction, severity, label) VALUES
  ('rules', 'rules.overspeed', 'Excesso de velocidade (GPS)', 'Velocidade máxima', 'km/h', true, 'grave', 'Excesso de velocidade (GPS)'),
  ('rules', 'rules.harsh-acceleration', 'Aceleração brusca', 'Aceleração', 'm/s²', true, 'media', 'Aceleração brusca (GPS)'),
  ('rules', 'rules.harsh-braking', 'Frenagem brusca', 'Desaceleração', 'm/s²', true, 'media', 'Frenagem brusca (GPS)'),
  ('rules', 'rules.harsh-cornering', 'Curva brusca', 'Aceleração lateral', 'm/s²', true, 'media', 'Curva brusca (GPS)'),
  ('rules', 'rules.idling', 'Marcha lenta excessiva (GPS)', 'Duração', 's', true, 'leve', 'Marcha lenta excessiva (GPS)'),
  ('rules', 'rules.after-hours', 'Uso fora do horário permitido', 'Duração', 's', true, 'media', 'Uso fora do horário (GPS)'),
  ('rules', 'rules.continuous-driving', 'Direção contínua acima do limite (Lei 13.103)', 'Direção contínua', 'min', true, 'media', 'Direção sem pausa (CTB art. 230, XXIII)'),
  ('rules', 'rules.daily-rest', 'Descanso diário insuficiente (Lei 13.103)', 'Descanso em 24 h', 'min', true, 'media', 'Descanso diário insuficiente (CTB art. 230, XXIII)'),
  ('rules', 'rules.workday', 'Jornada acima do limite (Lei 13.103)', 'Jornada', 'min', true, 'media', 'Jornada excedida (CLT art. 235-C)')
ON CONFLICT (external_id) DO NOTHING;

-- What a derived event was measured against, and the measure in words ("dirigiu 6 h 12 min sem
-- pausa; limite 5 h 30 min"), for the infractions page and the form.
ALTER TABLE telemetry_events ADD COLUMN limit_value double precision, ADD COLUMN details text;

-- "Recompute from <date>" requests: the job re-derives the rules' events of the period from the
-- positions in PostgreSQL; this row is its progress and outcome, read by the API.
CREATE TABLE rule_recomputes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  from_at timestamptz NOT NULL,
  vehicle_id bigint,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  positions integer NOT NULL DEFAULT 0,
  events integer NOT NULL DEFAULT 0,
  error text,
  requested_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
