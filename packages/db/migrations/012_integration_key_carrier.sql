-- An integration key belongs to one carrier (or source system), and so does every parcel it writes:
-- a key can add tracking events to parcels of its own carrier and to parcels no carrier has claimed
-- yet (known only from a CSV import), never to another carrier's. Keys made before this migration
-- each become their own carrier, so none of them can write to another's parcels.
ALTER TABLE integration_keys ADD COLUMN carrier text;
UPDATE integration_keys SET carrier = 'key-' || key_prefix || '-' || left(id::text, 8) WHERE carrier IS NULL;
ALTER TABLE integration_keys ALTER COLUMN carrier SET NOT NULL;
ALTER TABLE parcels ADD COLUMN carrier text;
CREATE INDEX parcels_carrier_idx ON parcels (carrier) WHERE carrier IS NOT NULL;
