-- Remote commands to devices (engine block/unblock, custom text) and their audit trail.
-- A command is queued by a person, sent by exactly one listener process when the device's session is
-- open, and closed by the device's answer, its expiry, a cancellation or a failure.
CREATE TABLE commands (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  -- The vehicle the device was fitted to when the command was queued (kept if it moves on).
  vehicle_id bigint REFERENCES vehicles (id) ON DELETE SET NULL,
  type text NOT NULL CHECK (type IN ('engine_block', 'engine_unblock', 'custom')),
  -- `{"text": …}` for custom commands; `{}` otherwise.
  parameters jsonb NOT NULL DEFAULT '{}',
  -- online: over the device's open session; sms: the operator sends the text by SMS himself.
  channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'sms')),
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sent', 'acknowledged', 'failed', 'expired', 'cancelled')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Who asked, as they were named then: the audit outlives renamed or deleted accounts.
  requested_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  sent_at timestamptz,
  -- The text the device was sent (rendered at send time from the settings then in force).
  sent_text text,
  answered_at timestamptz,
  response text,
  finished_at timestamptz,
  error text,
  cancelled_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX commands_device_created_idx ON commands (device_id, created_at DESC);
CREATE INDEX commands_vehicle_created_idx ON commands (vehicle_id, created_at DESC) WHERE vehicle_id IS NOT NULL;
CREATE INDEX commands_queued_idx ON commands (device_id, created_at) WHERE state = 'queued';
-- One command in flight per device: its answer carries no command id, so the next waits for it. Two
-- listener processes racing to send (a device reconnecting through another process) cannot both win.
CREATE UNIQUE INDEX commands_one_in_flight_idx ON commands (device_id) WHERE state = 'sent' AND channel = 'online';

-- Every step of every command, every refused attempt and every device answer: who, when, why, what.
CREATE TABLE command_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  command_id uuid REFERENCES commands (id) ON DELETE CASCADE,
  device_id uuid REFERENCES devices (id) ON DELETE CASCADE,
  vehicle_id bigint REFERENCES vehicles (id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL CHECK (action IN ('queued', 'refused', 'sent', 'answered', 'failed', 'expired',
                                         'cancelled', 'unsolicited_answer')),
  -- NULL actor: the platform or the device itself.
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  actor_name text,
  reason text,
  -- What happened in detail: the text sent, the device's answer, the refusal code.
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX command_audit_device_idx ON command_audit (device_id, at DESC);
CREATE INDEX command_audit_vehicle_idx ON command_audit (vehicle_id, at DESC) WHERE vehicle_id IS NOT NULL;
CREATE INDEX command_audit_command_idx ON command_audit (command_id) WHERE command_id IS NOT NULL;

-- The fleet's command rules, one row, edited by admins.
CREATE TABLE command_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  -- Managers may send block, unblock and custom commands only when an admin allows it.
  managers_may_send boolean NOT NULL DEFAULT false,
  -- Refuse a block while the vehicle's latest position (not older than the window) is faster; NULL = off.
  block_max_speed_kmh real CHECK (block_max_speed_kmh >= 0),
  speed_window_minutes integer NOT NULL DEFAULT 10 CHECK (speed_window_minutes BETWEEN 1 AND 1440),
  default_expiry_minutes integer NOT NULL DEFAULT 1440 CHECK (default_expiry_minutes BETWEEN 1 AND 43200),
  -- How the fleet's devices obey (output commands, dialects, passwords): a CommandProfile.
  profile jsonb NOT NULL DEFAULT '{}',
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO command_settings DEFAULT VALUES;

-- Listener processes hear of a new command at once (its device id); they also poll as a safety net.
CREATE FUNCTION commands_queued() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_commands', NEW.device_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER commands_queued AFTER INSERT ON commands
  FOR EACH ROW WHEN (NEW.channel = 'online') EXECUTE FUNCTION commands_queued();
