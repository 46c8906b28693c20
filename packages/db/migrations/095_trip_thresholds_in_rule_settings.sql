-- Trip segmentation thresholds become rule settings: one place, one category (the vehicle's
-- cargo/passengers/exempt rule_category), the same defaults < category < vehicle inheritance, edited
-- on the rules page and under /api/rules with every change audited. Until now they lived in
-- trip_settings keyed by vehicles.category, a column nothing could set.
--
-- The values in trip_settings move over: its 'default' row into the defaults, a row whose category is
-- one of the rule categories into that category. Rows for any other category had no vehicle that
-- could reach them and are dropped with the table. movingSpeedKmh was already a rule setting (the
-- same 5 km/h by default) and stays the one threshold of "moving" for trips and rules alike.
UPDATE rule_settings r
SET settings = r.settings || jsonb_build_object(
      'tripMinDistanceM', coalesce(t.min_trip_distance_m, 500),
      'tripMinSeconds', coalesce(t.min_trip_seconds, 300),
      'tripStopMinSeconds', coalesce(t.min_stop_seconds, 300),
      'tripMaxGapSeconds', coalesce(t.max_gap_seconds, 900)),
    updated_at = now()
FROM (SELECT 1) one
LEFT JOIN trip_settings t ON t.category = 'default'
WHERE r.scope = 'default' AND r.scope_key = 'default';

INSERT INTO rule_settings (scope, scope_key, settings)
SELECT 'category', t.category, jsonb_build_object(
         'tripMinDistanceM', t.min_trip_distance_m,
         'tripMinSeconds', t.min_trip_seconds,
         'tripStopMinSeconds', t.min_stop_seconds,
         'tripMaxGapSeconds', t.max_gap_seconds)
FROM trip_settings t
WHERE t.category IN ('cargo', 'passengers', 'exempt')
ON CONFLICT (scope, scope_key) DO UPDATE SET settings = rule_settings.settings || EXCLUDED.settings,
  updated_at = now();

DROP TABLE trip_settings;
ALTER TABLE vehicles DROP COLUMN IF EXISTS category;
