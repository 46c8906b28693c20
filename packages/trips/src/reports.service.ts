import { badRequest, notFound, offsetOf, type PageRequest, type Period } from '@pioneira/core';
import { thinByTime } from '@pioneira/gps';
import { localDate } from './local-day';
import { type ReportSubject, ReportsRepository, type Row } from './reports.repository';
import type { SegmenterState } from './segmenter';

/** At most this many trips in progress are listed with a trips report (one per device). */
const IN_PROGRESS_MAX = 500;

/** Most fixes read for a trip's track, and most points returned (thinned evenly in time). */
const TRACK_READ_LIMIT = 200_000;
const TRACK_CAP = 5_000;

/** The query's subject fields, as the routes receive them. */
export interface SubjectQuery {
  vehicleId?: string;
  driverId?: string;
  vehicleIds?: string[];
}

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const km = (metres: unknown) => (metres === null || metres === undefined ? null : Number(metres) / 1000);
const round = (v: number | null, digits = 2) => (v === null ? null : Number(v.toFixed(digits)));
const avgSpeed = (metres: unknown, seconds: unknown) => {
  const s = Number(seconds);
  return s > 0 ? round((Number(metres) / s) * 3.6, 1) : null;
};

const vehicleOf = (r: Row) =>
  r.vehicle_id === null
    ? null
    : {
        id: String(r.vehicle_id),
        plate: (r.plate as string | null) ?? null,
        description: (r.vehicle_description as string | null) ?? String(r.vehicle_id),
      };
const driverOf = (r: Row) =>
  r.driver_id === null ? null : { id: String(r.driver_id), name: (r.driver_name as string | null) ?? '' };

const seconds = (a: unknown, b: unknown) => ((b as Date).getTime() - (a as Date).getTime()) / 1000;

function figures(r: Row) {
  return {
    trips: Number(r.trips ?? 0),
    stops: Number(r.stops ?? 0),
    distanceKm: round(km(r.distance_m) ?? 0, 3) ?? 0,
    drivingSeconds: Math.round(Number(r.driving_seconds ?? 0)),
    idleSeconds: Math.round(Number(r.idle_seconds ?? 0)),
    stoppedSeconds: Math.round(Number(r.stopped_seconds ?? 0)),
    maxSpeedKmh: round(n(r.max_speed_kmh), 1),
    avgSpeedKmh: avgSpeed(r.distance_m ?? 0, r.driving_seconds ?? 0),
    firstDepartureAt: (r.first_departure_at as Date | null) ?? null,
    lastArrivalAt: (r.last_arrival_at as Date | null) ?? null,
    odometerStartKm: round(km(r.odometer_start_m), 3),
    odometerEndKm: round(km(r.odometer_end_m), 3),
    engineHours: round(r.engine_seconds === null ? null : Number(r.engine_seconds) / 3600, 2),
    fuelUsedLitres: round(n(r.fuel_used_l), 2),
  };
}

/** Trips, stops, summaries and daily figures over any period, for vehicles, a driver or the fleet. */
export class ReportsService {
  private readonly repository: ReportsRepository;

  constructor(
    sql: ConstructorParameters<typeof ReportsRepository>[0],
    private readonly companyTimeZone: string,
  ) {
    this.repository = new ReportsRepository(sql);
  }

  /** Resolves the query's subject: exactly one of vehicleId, driverId, vehicleIds (or none if allowed). */
  async subject(query: SubjectQuery, fleetAllowed: boolean): Promise<ReportSubject> {
    const given = [query.vehicleId, query.driverId, query.vehicleIds].filter((v) => v !== undefined);
    if (given.length > 1)
      throw badRequest('validation_failed', 'Give only one of vehicleId, driverId or vehicleIds.');
    if (given.length === 0) {
      if (fleetAllowed) return { kind: 'fleet' };
      throw badRequest('validation_failed', 'Give a vehicleId, a driverId or vehicleIds.');
    }
    if (query.driverId !== undefined) {
      if ((await this.repository.existing('drivers', [query.driverId])).length === 0)
        throw notFound(`Driver ${query.driverId}`);
      return { kind: 'driver', id: query.driverId };
    }
    const ids = [...new Set(query.vehicleIds ?? [query.vehicleId as string])];
    const found = new Set(await this.repository.existing('vehicles', ids));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw notFound(`Vehicle ${missing.slice(0, 5).join(', ')}`);
    return { kind: 'vehicles', ids };
  }

  async trips(subject: ReportSubject, period: Period, page: PageRequest) {
    const [{ total, items }, open] = await Promise.all([
      this.repository.trips(subject, period.from, period.to, page.pageSize, offsetOf(page)),
      this.repository.inProgress(subject, period.from, period.to, IN_PROGRESS_MAX),
    ]);
    return {
      total,
      inProgress: open.map((r) => {
        const state = r.state as SegmenterState;
        const motion = state.motion!;
        const last = state.last ?? motion.start;
        return {
          deviceId: String(r.device_id),
          vehicle: vehicleOf(r),
          driver: driverOf(r),
          startedAt: new Date(motion.start.t),
          lastFixAt: new Date(last.t),
          start: { lat: motion.start.lat, lon: motion.start.lon },
          position: { lat: last.lat, lon: last.lon },
          distanceKm: round(motion.distanceM / 1000, 3) ?? 0,
          drivingSeconds: Math.round(motion.drivingSeconds),
          maxSpeedKmh: round(motion.maxSpeedKmh, 1),
        };
      }),
      ...page,
      items: items.map((r) => ({
        id: String(r.id),
        source: r.source as 'device' | 'mix',
        vehicle: vehicleOf(r),
        driver: driverOf(r),
        startedAt: r.started_at as Date,
        endedAt: r.ended_at as Date,
        start: { lat: Number(r.start_lat), lon: Number(r.start_lon) },
        end: { lat: Number(r.end_lat), lon: Number(r.end_lon) },
        distanceKm: round(Number(r.distance_m) / 1000, 3) ?? 0,
        durationSeconds: seconds(r.started_at, r.ended_at),
        drivingSeconds: Math.round(Number(r.driving_seconds)),
        idleSeconds: Math.round(Number(r.idle_seconds)),
        maxSpeedKmh: round(n(r.max_speed_kmh), 1),
        avgSpeedKmh: avgSpeed(r.distance_m, r.driving_seconds),
        odometerStartKm: round(km(r.odometer_start_m), 3),
        odometerEndKm: round(km(r.odometer_end_m), 3),
        engineHours: round(r.engine_seconds === null ? null : Number(r.engine_seconds) / 3600, 2),
        fuelUsedLitres: round(n(r.fuel_used_l), 2),
      })),
    };
  }

  async stops(subject: ReportSubject, period: Period, page: PageRequest) {
    const { total, items } = await this.repository.stops(
      subject,
      period.from,
      period.to,
      page.pageSize,
      offsetOf(page),
    );
    return {
      total,
      ...page,
      items: items.map((r) => ({
        id: String(r.id),
        vehicle: vehicleOf(r),
        driver: driverOf(r),
        startedAt: r.started_at as Date,
        endedAt: r.ended_at as Date,
        durationSeconds: seconds(r.started_at, r.ended_at),
        idleSeconds: Math.round(Number(r.idle_seconds)),
        lat: Number(r.lat),
        lon: Number(r.lon),
      })),
    };
  }

  /** The company days a period covers (daily summaries are kept per company day). */
  days(period: Period) {
    return {
      from: localDate(period.from, this.companyTimeZone),
      to: localDate(new Date(period.to.getTime() - 1), this.companyTimeZone),
      timeZone: this.companyTimeZone,
    };
  }

  async summary(subject: ReportSubject, period: Period, page: PageRequest) {
    const days = this.days(period);
    const { items, totals, total } = await this.repository.summary(
      subject,
      days.from,
      days.to,
      page.pageSize,
      offsetOf(page),
    );
    return {
      days,
      total,
      ...page,
      items: items.map((r) => ({
        subject: r.subject as 'vehicle' | 'driver',
        id: String(r.subject_id),
        name: String(r.name),
        ...figures(r),
      })),
      totals: figures(totals),
    };
  }

  async daily(subject: ReportSubject, period: Period) {
    const days = this.days(period);
    const rows = await this.repository.daily(subject, days.from, days.to);
    return { days, items: rows.map((r) => ({ day: String(r.day), ...figures(r) })) };
  }

  async tripTrack(tripId: string) {
    const rows = await this.repository.tripTrack(tripId, TRACK_READ_LIMIT);
    if (!rows) throw notFound(`Trip ${tripId}`);
    const kept = thinByTime(
      rows.map((r) => ({
        ms: r.ms as number,
        lat: (r.lat_e7 as number) / 1e7,
        lon: (r.lon_e7 as number) / 1e7,
        speedKmh: r.speed_kmh as number | null,
        course: r.course as number | null,
      })),
      TRACK_CAP,
    );
    return {
      simplified: kept.length < rows.length,
      points: kept.map((r) => ({
        t: new Date(Math.round(r.ms as number)).toISOString(),
        lat: r.lat,
        lon: r.lon,
        speedKmh: r.speedKmh,
        course: r.course,
      })),
    };
  }
}
