-- A manager may justify an event (CLT art. 235-C / CTB art. 67-C §2: a driving-time limit exceeded
-- for a reason the law accepts, e.g. to reach a safe place) without deleting it. Justifications are
-- append-only: each change is a new row (text NULL = withdrawn), so who said what and when is kept;
-- the event's current justification is its newest row.
CREATE TABLE event_justifications (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES telemetry_events (id) ON DELETE CASCADE,
  text text CHECK (text IS NULL OR char_length(text) BETWEEN 1 AND 2000),
  justified_by uuid REFERENCES users (id) ON DELETE SET NULL,
  justified_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX event_justifications_event_idx ON event_justifications (event_id, id DESC);
