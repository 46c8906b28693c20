-- An optional per-device secret for the protocols that cannot carry the JSON API's bearer token in
-- the usual way (OsmAnd: `?secret=` or Basic-auth password; OwnTracks HTTP: Basic-auth password).
-- sha256 of a generated 128-bit secret, shown once; NULL = the device authenticates by protocol only.
ALTER TABLE devices ADD COLUMN secret_hash bytea;
