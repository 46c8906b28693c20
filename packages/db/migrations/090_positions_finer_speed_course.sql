-- Finer speed and course in the same 56-byte heap tuple (DESIGN §6: ≤ 100 bytes per position with
-- its key). Speed was tenths of km/h and course whole degrees, both smallint; both become real
-- (float4, 7 significant digits): speed in km/h (74.08 stays 74.08), course in degrees (7.199 stays
-- 7.199). Two 2-byte columns become two 4-byte ones, which fill the 4 bytes the row already lost to
-- 8-byte alignment: fixed_at 8, device_num/lat/lon 12, speed/course 8, altitude/accuracy 4 = 32 bytes
-- of data after the 24-byte header, 56 in all, as before. `course` keeps its name and unit; the speed
-- column is renamed because its unit changes. Existing rows are rewritten once, in this transaction.
ALTER TABLE positions RENAME COLUMN speed_dkmh TO speed_kmh;
ALTER TABLE positions
  ALTER COLUMN speed_kmh TYPE real USING speed_kmh / 10.0,
  ALTER COLUMN course TYPE real USING course;
