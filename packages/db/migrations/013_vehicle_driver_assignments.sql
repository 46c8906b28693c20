-- Who drove which vehicle, from when to when. Manual assignments are made in the web app; MiX trips
-- carry the vendor's DriverId and become assignments of source 'mix' (one per trip, keyed on the trip).
-- Within one source a vehicle's assignments never overlap, so a vehicle has at most one open
-- (ends_at NULL) assignment per source. Attribution at an instant prefers the vendor's record.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE vehicle_driver_assignments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vehicle_id bigint NOT NULL REFERENCES vehicles (id) ON DELETE CASCADE,
  driver_id bigint NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'mix')),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  external_id text,
  note text,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT vehicle_driver_assignments_period CHECK (ends_at IS NULL OR ends_at > starts_at),
  CONSTRAINT vehicle_driver_assignments_no_overlap EXCLUDE USING gist (
    vehicle_id WITH =,
    source WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
  )
);
CREATE UNIQUE INDEX vehicle_driver_assignments_external_idx
  ON vehicle_driver_assignments (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX vehicle_driver_assignments_driver_idx ON vehicle_driver_assignments (driver_id, starts_at);

-- The driver assigned to a vehicle at an instant (vendor record first), or NULL.
CREATE FUNCTION assigned_driver(p_vehicle bigint, p_at timestamptz) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT driver_id FROM vehicle_driver_assignments
   WHERE vehicle_id = p_vehicle AND starts_at <= p_at AND (ends_at IS NULL OR ends_at > p_at)
   ORDER BY (source = 'mix') DESC, starts_at DESC
   LIMIT 1
$$;
