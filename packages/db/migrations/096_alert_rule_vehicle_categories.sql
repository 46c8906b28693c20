-- Alert rules may target groups of vehicles as well as vehicles: the groups are the vehicles' rule
-- categories (cargo, passengers, exempt; migration 030), the one grouping of vehicles there is. A rule
-- matches a vehicle listed in vehicle_ids or one of a category in vehicle_categories; both empty: any.
-- The category is read when the event is evaluated (the vehicle's category then), so events already
-- on the topic need nothing new.
ALTER TABLE alert_rules ADD COLUMN vehicle_categories text[] NOT NULL DEFAULT '{}'
  CHECK (vehicle_categories <@ ARRAY['cargo', 'passengers', 'exempt']::text[]);
