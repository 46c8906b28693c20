import type { MixEntity } from '../client';
import { parseMixDate } from '../dates';
import { idText, num, text } from '../int64-json';

/** One row of `telemetry_events`, as the batch insert takes it. */
export interface TelemetryEventRow {
  externalId: string;
  driverExternalId: string | null;
  vehicleExternalId: string | null;
  eventTypeExternalId: string | null;
  category: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  latitude: number | null;
  longitude: number | null;
  endLatitude: number | null;
  endLongitude: number | null;
  speedKmh: number | null;
  speedLimitKmh: number | null;
  value: number | null;
  valueUnits: string | null;
  valueType: string | null;
  totalTimeSeconds: number | null;
  totalOccurrences: number | null;
  odometerKm: number | null;
  fuelUsedLitres: number | null;
  locationExternalId: string | null;
  address: string | null;
  /** The event as MiX sent it (ids as exact strings). */
  raw: MixEntity;
}

const or = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** Maps a MiX Event (see the reference, §6.6) to a row; undefined when it has no EventId. */
export function toEventRow(event: MixEntity): TelemetryEventRow | undefined {
  const externalId = idText(event.EventId);
  if (!externalId) return undefined;
  const start = (event.StartPosition ?? {}) as MixEntity;
  const end = (event.EndPosition ?? {}) as MixEntity;
  // Events carry speed only on their positions; the speed at the start is what a form reports.
  const speed = num(start.SpeedKilometresPerHour) ?? num(end.SpeedKilometresPerHour);
  return {
    externalId,
    driverExternalId: or(idText(event.DriverId)),
    vehicleExternalId: or(idText(event.AssetId)),
    eventTypeExternalId: or(idText(event.EventTypeId)),
    category: or(text(event.EventCategory)),
    startedAt: or(parseMixDate(event.StartDateTime) ?? parseMixDate(start.Timestamp)),
    endedAt: or(parseMixDate(event.EndDateTime) ?? parseMixDate(end.Timestamp)),
    latitude: or(num(start.Latitude)),
    longitude: or(num(start.Longitude)),
    endLatitude: or(num(end.Latitude)),
    endLongitude: or(num(end.Longitude)),
    speedKmh: or(speed),
    speedLimitKmh: or(num(event.SpeedLimit) ?? num(start.SpeedLimit)),
    value: or(num(event.Value)),
    valueUnits: or(text(event.ValueUnits)),
    valueType: or(text(event.ValueType)),
    totalTimeSeconds: or(integer(event.TotalTimeSeconds)),
    totalOccurrences: or(integer(event.TotalOccurances ?? event.TotalOccurrences)),
    odometerKm: or(num(event.StartOdometerKilometres)),
    fuelUsedLitres: or(num(event.FuelUsedLitres)),
    locationExternalId: or(idText(event.LocationId)),
    address: or(text(start.FormattedAddress)),
    raw: event,
  };
}

function integer(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined ? undefined : Math.round(n);
}
