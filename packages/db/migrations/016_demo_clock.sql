-- The demo's simulated clock (`npm start`): how far back its history was seeded and up to which
-- instant its simulators have produced data, so a restart continues from there instead of replaying
-- and a second start never seeds the same history twice. One row per simulator ('fleet', 'parcels').
CREATE TABLE demo_clock (
  simulator text PRIMARY KEY,
  seeded_from timestamptz NOT NULL,
  seeded_until timestamptz NOT NULL CHECK (seeded_until >= seeded_from),
  updated_at timestamptz NOT NULL DEFAULT now()
);
