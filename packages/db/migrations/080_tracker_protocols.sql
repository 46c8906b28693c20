-- GT06 (Concox), H02, Suntech and Queclink @Track trackers: each device is bound to the protocol it
-- was registered for, and the listeners of the other protocols refuse it.
ALTER TABLE devices DROP CONSTRAINT devices_protocol_check;
ALTER TABLE devices ADD CONSTRAINT devices_protocol_check
  CHECK (protocol IN ('osmand', 'owntracks', 'teltonika', 'json', 'mix', 'gt06', 'h02', 'suntech', 'queclink'));
