-- The api keeps the latest-positions answer in memory with each device's plate: a plate changed
-- (by hand or by the MiX synchronisation) tells it to list the devices again, as a device change does.
CREATE FUNCTION vehicles_plate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pioneira_devices', '');
  RETURN NULL;
END $$;
CREATE TRIGGER vehicles_plate_changed AFTER UPDATE OF registration_number ON vehicles
  FOR EACH ROW WHEN (OLD.registration_number IS DISTINCT FROM NEW.registration_number)
  EXECUTE FUNCTION vehicles_plate_changed();
