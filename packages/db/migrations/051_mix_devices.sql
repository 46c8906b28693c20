-- MiX vehicles report positions through the MiX Integrate positions stream: each MiX asset gets a
-- device of protocol 'mix' (identifier "mix:<AssetId>"), linked to its vehicle, so its positions go
-- into the same positions table and outbox as any tracker's.
ALTER TABLE devices DROP CONSTRAINT devices_protocol_check;
ALTER TABLE devices ADD CONSTRAINT devices_protocol_check
  CHECK (protocol IN ('osmand', 'owntracks', 'teltonika', 'json', 'mix'));
