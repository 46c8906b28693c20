-- MiX trips (created-since stream, reference §6.8) in the `trips` table with source 'mix'.
-- standing_seconds: MiX's StandingTime (halted inside the trip); sub_trips: the trip's legs as MiX
-- reported them (start, end, distance, driving and standing time, max speed).
-- mix_asset_id / mix_driver_id: the vendor's ids as received, so a trip that arrives before
-- mix.sync has brought its vehicle or driver is linked once they exist.
ALTER TABLE trips
  ADD COLUMN standing_seconds double precision,
  ADD COLUMN sub_trips jsonb,
  ADD COLUMN mix_asset_id text,
  ADD COLUMN mix_driver_id text;
CREATE INDEX trips_mix_unlinked_idx ON trips (mix_asset_id)
  WHERE source = 'mix' AND (vehicle_id IS NULL OR driver_id IS NULL);
