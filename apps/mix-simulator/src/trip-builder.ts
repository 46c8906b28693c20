import type { StoredEvent } from './event-store';
import { toMixJson } from './json';
import { type GeneratedPosition, POSITION_INTERVAL_MS } from './position-generator';
import type { Random } from './random';

/** A MiX trip (reference §6.8) built from the fixes of one drive, and when MiX received it. */
export interface GeneratedTrip {
  tripId: bigint;
  assetId: bigint;
  driverId: bigint;
  startMs: number;
  endMs: number;
  distanceKm: number;
  createdMs: number;
  wire: Record<string, unknown>;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The trip of a drive: it starts at the first fix and ends at the last, its distance is the odometer
 * between them (the sum of the legs between consecutive fixes), its driving time the time between
 * them, its max speed the fastest fix. One sub-trip covers the whole drive (the generated drives do
 * not halt). MiX receives a trip a little after it ends.
 */
export function buildTrip(fixes: GeneratedPosition[], tripId: bigint, random: Random): GeneratedTrip {
  const first = fixes[0];
  const last = fixes[fixes.length - 1];
  const distanceKm = last.odometerKm - first.odometerKm;
  const seconds = (last.fixMs - first.fixMs) / 1000;
  const maxSpeed = Math.max(...fixes.map((f) => f.speedKmh));
  const position = (f: GeneratedPosition) => ({
    PositionId: f.positionId,
    AssetId: f.assetId,
    DriverId: f.driverId,
    Timestamp: new Date(f.fixMs),
    Latitude: f.lat,
    Longitude: f.lon,
    SpeedKilometresPerHour: f.speedKmh,
    OdometerKilometres: round(f.odometerKm, 1),
    Source: 'Gps',
  });
  const leg = {
    SubTripStart: new Date(first.fixMs),
    StartPositionId: first.positionId,
    StartPosition: position(first),
    Depart: new Date(first.fixMs),
    Halt: new Date(last.fixMs),
    SubTripEnd: new Date(last.fixMs),
    EndPositionId: last.positionId,
    EndPosition: position(last),
    DrivingTime: Math.round(seconds),
    StandingTime: 0,
    Duration: Math.round(seconds),
    DistanceKilometres: round(distanceKm, 3),
    StartOdometerKilometres: round(first.odometerKm, 3),
    EndOdometerKilometres: round(last.odometerKm, 3),
    MaxSpeedKilometersPerHour: maxSpeed,
  };
  return {
    tripId,
    assetId: first.assetId,
    driverId: first.driverId,
    startMs: first.fixMs,
    endMs: last.fixMs,
    distanceKm,
    createdMs: last.fixMs + random.int(5_000, POSITION_INTERVAL_MS * 2),
    wire: {
      TripId: tripId,
      AssetId: first.assetId,
      DriverId: first.driverId,
      TripStart: new Date(first.fixMs),
      TripEnd: new Date(last.fixMs),
      SubTrips: [leg],
      StartPositionId: first.positionId,
      StartPosition: position(first),
      EndPositionId: last.positionId,
      EndPosition: position(last),
      FirstDepart: new Date(first.fixMs),
      LastHalt: new Date(last.fixMs),
      DrivingTime: Math.round(seconds),
      StandingTime: 0,
      Duration: Math.round(seconds),
      DistanceKilometers: round(distanceKm, 3),
      StartOdometerKilometers: round(first.odometerKm, 3),
      EndOdometerKilometers: round(last.odometerKm, 3),
      MaxSpeedKilometersPerHour: maxSpeed,
    },
  };
}

/** The stored form, paged by creation time like events and positions. */
export function storedTrip(t: GeneratedTrip, seq: number, siteOf: (assetId: bigint) => bigint): StoredEvent {
  return {
    createdMs: t.createdMs,
    seq,
    eventId: t.tripId,
    assetId: t.assetId,
    assetSiteId: siteOf(t.assetId),
    driverId: t.driverId,
    driverSiteId: 0n,
    eventTypeId: 0n,
    json: toMixJson(t.wire),
  };
}
