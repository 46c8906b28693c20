import { ROADS } from './catalog-data';
import type { StoredEvent } from './event-store';
import type { Fleet, MixAsset, MixDriver } from './fleet';
import { toMixJson } from './json';
import type { LibraryEventSeed } from './library-events';
import type { Random } from './random';

interface AssetState {
  asset: MixAsset;
  homeLat: number;
  homeLon: number;
  lat: number;
  lon: number;
  odometerKm: number;
}

/** Where an event on a drive happens: its vehicle, driver, the fix it ends at. */
export interface EventPlacement {
  assetId: bigint;
  driverId: bigint;
  lat: number;
  lon: number;
  odometerKm: number;
  /** The fix's time: the event starts there. */
  startMs: number;
}

const SPEED_LIMITS = [40, 50, 60, 80, 90] as const;
const KM_PER_DEGREE = 111;

/** Makes plausible MiX events (positions around the fleet's depots, speeds, values) for the fleet. */
export class EventGenerator {
  private readonly states: AssetState[];
  private readonly people: MixDriver[];
  private readonly unknownDriver: MixDriver | undefined;
  private readonly driversById: Map<bigint, MixDriver>;
  private readonly locationIds: bigint[];
  private readonly usedIds = new Set<bigint>();

  constructor(
    private readonly fleet: Fleet,
    private readonly random: Random,
  ) {
    this.states = fleet.assets.map((asset) => {
      const site = fleet.sites.find((s) => s.group.GroupId === asset.SiteId) ?? fleet.sites[0];
      return {
        asset,
        homeLat: site.latitude,
        homeLon: site.longitude,
        lat: site.latitude + random.float(-0.05, 0.05),
        lon: site.longitude + random.float(-0.05, 0.05),
        odometerKm: asset.Odometer,
      };
    });
    this.people = fleet.drivers.filter((d) => d.FmDriverId >= 100);
    this.unknownDriver = fleet.drivers.find((d) => d.FmDriverId === 0);
    this.driversById = new Map(fleet.drivers.map((d) => [d.DriverId, d]));
    this.locationIds = Array.from({ length: 8 }, () => random.int64Id());
  }

  /**
   * One new event created (received by MiX) at `createdMs`; `on` places it on a drive: that
   * vehicle and driver, starting at that fix (events happen on the trip paths).
   */
  make(createdMs: number, seq: number, on?: EventPlacement): StoredEvent {
    const random = this.random;
    const state = on ? this.placed(on) : random.pick(this.states);
    const driver = (on && this.driversById.get(on.driverId)) || this.pickDriver(state.asset);
    const type = random.weighted(this.fleet.libraryEvents, (e) => this.seedOf(e.EventTypeId).weight);
    const seed = this.seedOf(type.EventTypeId);
    const shape = this.shape(seed);

    // Devices upload with a delay, so an event happened a little before MiX received it.
    // On a drive the event starts at its fix; otherwise it ended a little before MiX received it.
    const endMs = on
      ? on.startMs + shape.seconds * 1000
      : Math.floor((createdMs - random.int(5_000, 180_000)) / 1000) * 1000;
    const startMs = endMs - shape.seconds * 1000;
    const startOdometer = state.odometerKm;
    const startLat = state.lat;
    const startLon = state.lon;
    this.move(state, shape.seconds, shape.startSpeed);
    const endOdometer = state.odometerKm;
    const eventId = this.uniqueId();

    const position = (ms: number, speed: number, lat: number, lon: number, odometer: number) => ({
      PositionId: random.int64Id(),
      AssetId: state.asset.AssetId,
      DriverId: driver.DriverId,
      Timestamp: new Date(ms),
      Latitude: round(lat, 6),
      Longitude: round(lon, 6),
      SpeedKilometresPerHour: round(speed, 1),
      SpeedLimit: shape.speedLimit,
      AltitudeMetres: random.int(5, 820),
      Heading: random.int(0, 359),
      NumberOfSatellites: random.int(7, 14),
      Hdop: random.int(1, 3),
      AgeOfReadingSeconds: 0,
      OdometerKilometres: round(odometer, 1),
      FormattedAddress: random.pick(ROADS),
      Source: 'Gps',
      IsAvl: false,
    });
    const wire = {
      AssetId: state.asset.AssetId,
      DriverId: driver.DriverId,
      EventId: eventId,
      EventTypeId: type.EventTypeId,
      EventCategory: seed.category,
      StartDateTime: new Date(startMs),
      StartOdometerKilometres: round(startOdometer, 1),
      StartPosition: position(startMs, shape.startSpeed, startLat, startLon, startOdometer),
      EndDateTime: new Date(endMs),
      EndOdometerKilometres: round(endOdometer, 1),
      EndPosition: position(endMs, shape.endSpeed, state.lat, state.lon, endOdometer),
      Value: shape.value,
      FuelUsedLitres: shape.fuelLitres,
      ValueType: shape.value === undefined ? undefined : 'Maximum',
      ValueUnits: shape.value === undefined ? undefined : seed.displayUnits,
      TotalTimeSeconds: shape.seconds,
      TotalOccurances: seed.category === 'Summary' ? random.int(1, 5) : 1,
      LocationId: seed.eventType === 'Location' ? random.pick(this.locationIds) : undefined,
      SpeedLimit: shape.speedLimit,
    };
    return {
      createdMs,
      seq,
      eventId,
      assetId: state.asset.AssetId,
      assetSiteId: state.asset.SiteId,
      driverId: driver.DriverId,
      driverSiteId: driver.SiteId,
      eventTypeId: type.EventTypeId,
      json: toMixJson(wire),
    };
  }

  private placed(on: EventPlacement): AssetState {
    const state = this.states.find((s) => s.asset.AssetId === on.assetId) ?? this.states[0];
    state.lat = on.lat;
    state.lon = on.lon;
    state.odometerKm = on.odometerKm;
    return state;
  }

  private seedOf(eventTypeId: bigint): LibraryEventSeed {
    const seed = this.fleet.eventSeeds.get(eventTypeId.toString());
    if (!seed) throw new Error(`no generation hints for event type ${eventTypeId}`);
    return seed;
  }

  private pickDriver(asset: MixAsset): MixDriver {
    const roll = this.random.next();
    const usual =
      asset.DefaultDriverId === undefined ? undefined : this.driversById.get(asset.DefaultDriverId);
    if (usual && roll < 0.75) return usual;
    if (this.unknownDriver && (roll > 0.92 || this.people.length === 0)) return this.unknownDriver;
    return this.people.length > 0 ? this.random.pick(this.people) : this.fleet.drivers[0];
  }

  /** Speeds, duration and value for one event of the given kind. */
  private shape(seed: LibraryEventSeed) {
    const random = this.random;
    switch (seed.valueKind) {
      case 'speeding': {
        const speedLimit = random.pick(SPEED_LIMITS);
        const peak = speedLimit + random.int(4, 35);
        const seconds = random.int(5, 120);
        return {
          speedLimit,
          value: peak,
          startSpeed: speedLimit + random.int(1, 4),
          endSpeed: peak - random.int(0, 8),
          seconds,
          fuelLitres: undefined,
        };
      }
      case 'acceleration': {
        const speed = random.int(20, 85);
        const value =
          seed.displayUnits === 'g' ? round(random.float(0.3, 0.65), 2) : round(random.float(9, 26), 1);
        return {
          speedLimit: undefined,
          value,
          startSpeed: speed,
          endSpeed: Math.max(0, speed - random.int(-10, 30)),
          seconds: random.int(1, 4),
          fuelLitres: undefined,
        };
      }
      case 'duration': {
        const seconds = random.int(60, 1800);
        const idling = seed.description.startsWith('Marcha lenta');
        const speed = idling ? 0 : random.int(15, 70);
        return {
          speedLimit: undefined,
          value: undefined,
          startSpeed: speed,
          endSpeed: speed,
          seconds,
          fuelLitres: idling ? round(seconds * 0.0009, 2) : undefined,
        };
      }
      default:
        return {
          speedLimit: undefined,
          value: undefined,
          startSpeed: 0,
          endSpeed: 0,
          seconds: 0,
          fuelLitres: undefined,
        };
    }
  }

  /** Drives the asset a little, staying within ~40 km of its depot. */
  private move(state: AssetState, seconds: number, speedKmh: number): void {
    const km = (Math.max(speedKmh, 30) * Math.max(seconds, 60)) / 3600 + this.random.float(0.2, 8);
    const bearing = this.random.float(0, 2 * Math.PI);
    state.lat += (Math.cos(bearing) * km) / KM_PER_DEGREE;
    state.lon += (Math.sin(bearing) * km) / (KM_PER_DEGREE * Math.cos((state.lat * Math.PI) / 180));
    const offKm = Math.hypot(state.lat - state.homeLat, state.lon - state.homeLon) * KM_PER_DEGREE;
    if (offKm > 40) {
      state.lat = state.homeLat + (state.lat - state.homeLat) * 0.5;
      state.lon = state.homeLon + (state.lon - state.homeLon) * 0.5;
    }
    state.odometerKm += km;
  }

  private uniqueId(): bigint {
    let id = this.random.int64Id();
    while (this.usedIds.has(id)) id = this.random.int64Id();
    this.usedIds.add(id);
    return id;
  }
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
