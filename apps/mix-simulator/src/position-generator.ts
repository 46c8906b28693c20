import type { StoredEvent } from './event-store';
import type { Fleet, MixAsset, MixDriver } from './fleet';
import { toMixJson } from './json';
import type { Random } from './random';

/** A MiX unit reports every 30 s while the vehicle drives. */
export const POSITION_INTERVAL_MS = 30_000;
const KM_PER_DEGREE = 111;

interface Vehicle {
  asset: MixAsset;
  driver: MixDriver | undefined;
  lat: number;
  lon: number;
  heading: number;
  odometerKm: number;
  /** No fix of this asset may be at or before this instant (one fix per asset and second). */
  lastFixMs: number;
}

/** One generated fix: when the unit took it and when MiX received it (the created-since cursor). */
export interface GeneratedPosition {
  assetId: bigint;
  fixMs: number;
  createdMs: number;
  positionId: bigint;
  driverId: bigint;
  lat: number;
  lon: number;
  speedKmh: number;
  /** Unrounded odometer at the fix, so trips add up to their positions exactly. */
  odometerKm: number;
  wire: Record<string, unknown>;
}

/**
 * Drives the fleet's vehicles along routes out of their depots: a trip is a run of fixes 30 s apart,
 * the heading drifting a little at each fix. Fixes of one asset never share a timestamp.
 */
export class PositionGenerator {
  private readonly vehicles: Vehicle[];
  private readonly usedIds = new Set<bigint>();

  constructor(
    fleet: Fleet,
    private readonly random: Random,
  ) {
    const drivers = fleet.drivers.filter((d) => d.FmDriverId >= 100);
    this.vehicles = fleet.assets.map((asset, i) => {
      const site = fleet.sites.find((s) => s.group.GroupId === asset.SiteId) ?? fleet.sites[0];
      return {
        asset,
        driver: drivers.length > 0 ? drivers[i % drivers.length] : undefined,
        lat: site.latitude + random.float(-0.03, 0.03),
        lon: site.longitude + random.float(-0.03, 0.03),
        heading: random.int(0, 359),
        odometerKm: asset.Odometer,
        lastFixMs: 0,
      };
    });
  }

  /** A trip of `fixes` positions of one vehicle (round-robin unless given), the last fix at or before `endMs`. */
  trip(fixes: number, endMs: number, vehicleIndex?: number): GeneratedPosition[] {
    const random = this.random;
    const v = this.vehicles[vehicleIndex ?? random.int(0, this.vehicles.length - 1)];
    let fixMs = Math.floor((endMs - (fixes - 1) * POSITION_INTERVAL_MS) / 1000) * 1000;
    if (fixMs <= v.lastFixMs) fixMs = v.lastFixMs + POSITION_INTERVAL_MS;
    const out: GeneratedPosition[] = [];
    for (let i = 0; i < fixes; i++, fixMs += POSITION_INTERVAL_MS) {
      const speed = round(random.float(25, 85), 1);
      const km = (speed * POSITION_INTERVAL_MS) / 3_600_000;
      v.heading = (v.heading + random.int(-25, 25) + 360) % 360;
      const rad = (v.heading * Math.PI) / 180;
      v.lat += (Math.cos(rad) * km) / KM_PER_DEGREE;
      v.lon += (Math.sin(rad) * km) / (KM_PER_DEGREE * Math.cos((v.lat * Math.PI) / 180));
      v.odometerKm += km;
      v.lastFixMs = fixMs;
      const positionId = this.uniqueId();
      out.push({
        assetId: v.asset.AssetId,
        fixMs,
        // Units upload in bursts a little after the fix.
        createdMs: fixMs + random.int(1_000, 20_000),
        positionId,
        driverId: v.driver?.DriverId ?? 0n,
        lat: round(v.lat, 6),
        lon: round(v.lon, 6),
        speedKmh: speed,
        odometerKm: v.odometerKm,
        wire: {
          PositionId: positionId,
          AssetId: v.asset.AssetId,
          DriverId: v.driver?.DriverId ?? 0n,
          Timestamp: new Date(fixMs),
          Latitude: round(v.lat, 6),
          Longitude: round(v.lon, 6),
          SpeedKilometresPerHour: speed,
          SpeedLimit: 80,
          AltitudeMetres: random.int(5, 820),
          Heading: v.heading,
          NumberOfSatellites: random.int(7, 14),
          Hdop: random.int(1, 3),
          AgeOfReadingSeconds: 0,
          OdometerKilometres: round(v.odometerKm, 1),
          // The created-since stream sends no FormattedAddress (reference §6.7).
          Source: 'Gps',
          IsAvl: true,
        },
      });
    }
    return out;
  }

  /** The stored form (the created-since store pages any entity by its creation time). */
  static stored(p: GeneratedPosition, seq: number, siteOf: (assetId: bigint) => bigint): StoredEvent {
    return {
      createdMs: p.createdMs,
      seq,
      eventId: p.positionId,
      assetId: p.assetId,
      assetSiteId: siteOf(p.assetId),
      driverId: (p.wire.DriverId as bigint) ?? 0n,
      driverSiteId: 0n,
      eventTypeId: 0n,
      json: toMixJson(p.wire),
    };
  }

  private uniqueId(): bigint {
    for (;;) {
      const id = this.random.int64Id();
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
