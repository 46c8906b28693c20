import type { Queryable } from '@pioneira/core';
import type { MixEntity } from '../client';
import { idText, num, text } from '../int64-json';

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

const counts = (rows: { inserted: boolean }[]): UpsertCounts => ({
  inserted: rows.filter((r) => r.inserted).length,
  updated: rows.filter((r) => !r.inserted).length,
});

// One row per id (a repeated id would make the upsert touch a row twice and fail).
const withId = (items: MixEntity[], field: string) => [
  ...new Map(items.filter((i) => idText(i[field]) !== undefined).map((i) => [idText(i[field]), i])).values(),
];
const str = (v: unknown) => text(v) ?? null;

/** Upserts MiX drivers in one statement; `xmax = 0` tells a fresh insert from an update. */
export async function upsertDrivers(sql: Queryable, drivers: MixEntity[]): Promise<UpsertCounts> {
  const d = withId(drivers, 'DriverId');
  if (d.length === 0) return { inserted: 0, updated: 0 };
  const rows = await sql<{ inserted: boolean }[]>`
    INSERT INTO drivers (source, external_id, name, employee_number, fm_driver_id, is_system_driver,
      site_external_id, mobile_number, email, extended_driver_id, country, raw)
    SELECT 'mix', * FROM unnest(
      ${d.map((x) => idText(x.DriverId)!)}::text[], ${d.map((x) => text(x.Name) ?? '')}::text[],
      ${d.map((x) => str(x.EmployeeNumber))}::text[], ${d.map((x) => num(x.FmDriverId) ?? null)}::int[],
      ${d.map((x) => String(x.IsSystemDriver === true))}::text[]::bool[], ${d.map((x) => idText(x.SiteId) ?? null)}::text[],
      ${d.map((x) => str(x.MobileNumber))}::text[], ${d.map((x) => str(x.Email))}::text[],
      ${d.map((x) => str(x.ExtendedDriverId))}::text[], ${d.map((x) => str(x.Country))}::text[],
      ${d.map((x) => JSON.stringify(x))}::text[]::jsonb[])
    ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name, employee_number = EXCLUDED.employee_number,
      fm_driver_id = EXCLUDED.fm_driver_id, is_system_driver = EXCLUDED.is_system_driver,
      site_external_id = EXCLUDED.site_external_id, mobile_number = EXCLUDED.mobile_number, email = EXCLUDED.email,
      extended_driver_id = EXCLUDED.extended_driver_id, country = EXCLUDED.country, raw = EXCLUDED.raw, updated_at = now()
    RETURNING (xmax = 0) AS inserted`;
  return counts(rows);
}

/** Upserts MiX assets as vehicles. */
export async function upsertVehicles(sql: Queryable, assets: MixEntity[]): Promise<UpsertCounts> {
  const a = withId(assets, 'AssetId');
  if (a.length === 0) return { inserted: 0, updated: 0 };
  const rows = await sql<{ inserted: boolean }[]>`
    INSERT INTO vehicles (source, external_id, description, registration_number, fleet_number, site_external_id,
      default_driver_external_id, make, model, year, vin, fuel_type, odometer_km, raw)
    SELECT 'mix', * FROM unnest(
      ${a.map((x) => idText(x.AssetId)!)}::text[], ${a.map((x) => text(x.Description) ?? text(x.RegistrationNumber) ?? '')}::text[],
      ${a.map((x) => str(x.RegistrationNumber))}::text[], ${a.map((x) => str(x.FleetNumber))}::text[],
      ${a.map((x) => idText(x.SiteId) ?? null)}::text[], ${a.map((x) => idText(x.DefaultDriverId) ?? null)}::text[],
      ${a.map((x) => str(x.Make))}::text[], ${a.map((x) => str(x.Model))}::text[], ${a.map((x) => str(x.Year))}::text[],
      ${a.map((x) => str(x.VinNumber))}::text[], ${a.map((x) => str(x.FuelType))}::text[],
      ${a.map((x) => num(x.Odometer) ?? null)}::float8[], ${a.map((x) => JSON.stringify(x))}::text[]::jsonb[])
    ON CONFLICT (external_id) DO UPDATE SET description = EXCLUDED.description,
      registration_number = EXCLUDED.registration_number, fleet_number = EXCLUDED.fleet_number,
      site_external_id = EXCLUDED.site_external_id, default_driver_external_id = EXCLUDED.default_driver_external_id,
      make = EXCLUDED.make, model = EXCLUDED.model, year = EXCLUDED.year, vin = EXCLUDED.vin,
      fuel_type = EXCLUDED.fuel_type, odometer_km = EXCLUDED.odometer_km, raw = EXCLUDED.raw, updated_at = now()
    RETURNING (xmax = 0) AS inserted`;
  return counts(rows);
}

/** Upserts library events as event types; the admin's infraction settings are never overwritten. */
export async function upsertEventTypes(sql: Queryable, libraryEvents: MixEntity[]): Promise<UpsertCounts> {
  const e = withId(libraryEvents, 'EventTypeId');
  if (e.length === 0) return { inserted: 0, updated: 0 };
  const rows = await sql<{ inserted: boolean }[]>`
    INSERT INTO event_types (source, external_id, description, event_type, display_units, format_type, value_name)
    SELECT 'mix', * FROM unnest(
      ${e.map((x) => idText(x.EventTypeId)!)}::text[], ${e.map((x) => text(x.Description) ?? '')}::text[],
      ${e.map((x) => str(x.EventType))}::text[], ${e.map((x) => str(x.DisplayUnits))}::text[],
      ${e.map((x) => str(x.FormatType))}::text[], ${e.map((x) => str(x.ValueName))}::text[])
    ON CONFLICT (external_id) DO UPDATE SET description = EXCLUDED.description, event_type = EXCLUDED.event_type,
      display_units = EXCLUDED.display_units, format_type = EXCLUDED.format_type, value_name = EXCLUDED.value_name,
      updated_at = now()
    RETURNING (xmax = 0) AS inserted`;
  return counts(rows);
}
