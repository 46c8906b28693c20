import type { TrackExportFormat } from '@pioneira/contracts/enums';
import { badRequest, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { type ExportOptions, type TrackFile, trackFile } from './export';
import { PositionsRepository, type TrackRow } from './positions.repository';
import { thinByTime } from './simplify';

/** Most points a track answer carries; longer ranges are thinned by time. */
export const TRACK_POINT_CAP = 5_000;
// Rows read before thinning: a week at one fix per 5 s. Beyond, the range is refused as too long.
const TRACK_ROW_LIMIT = 150_000;
const MAX_RANGE_MS = 31 * 86_400_000;
/** Most fixes one exported file carries: a month at one fix per 6 s. */
const EXPORT_ROW_LIMIT = 450_000;

/** What the replay and the exports read: tracks (the latest positions are LatestView's). */
export class PositionsService {
  private readonly repository: PositionsRepository;

  constructor(sql: Sql) {
    this.repository = new PositionsRepository(sql);
  }

  /** A device's track as the JSON body of TrackSchema. */
  async deviceTrack(deviceId: string, from?: string, to?: string): Promise<string> {
    if (!(await this.repository.deviceExists(deviceId))) throw notFound(`Device ${deviceId}`);
    return this.track({ deviceId }, from, to);
  }

  /** A vehicle's track (all its devices) as the JSON body of TrackSchema. */
  async vehicleTrack(vehicleId: string, from?: string, to?: string): Promise<string> {
    if (!(await this.repository.vehicleExists(vehicleId))) throw notFound(`Vehicle ${vehicleId}`);
    return this.track({ vehicleId }, from, to);
  }

  /**
   * A track at full resolution as a GPX, KML or CSV file. Refused (not cut) when the range holds more
   * fixes than one file carries.
   */
  async exportTrack(
    devices: { deviceId: string } | { vehicleId: string },
    format: TrackExportFormat,
    range: { from?: string; to?: string },
    options: Omit<ExportOptions, 'name'>,
  ): Promise<TrackFile & { name: string }> {
    const name = await this.repository.trackName(devices);
    if (name === undefined)
      throw notFound('deviceId' in devices ? `Device ${devices.deviceId}` : `Vehicle ${devices.vehicleId}`);
    const { from, to } = checkRange(range.from, range.to);
    const rows = await this.repository.exportRows(devices, from, to, EXPORT_ROW_LIMIT + 1);
    if (rows.length > EXPORT_ROW_LIMIT)
      throw badRequest(
        'range_too_long',
        `The range holds more than ${EXPORT_ROW_LIMIT} fixes; export a shorter range.`,
      );
    const points = rows.map((row) => ({
      ms: row.ms,
      lat: row.lat_e7 / 1e7,
      lon: row.lon_e7 / 1e7,
      speedKmh: row.speed_kmh,
      course: row.course,
      altitude: row.altitude,
    }));
    return { ...trackFile(format, points, { ...options, name }), name };
  }

  private async track(
    devices: { deviceId: string } | { vehicleId: string },
    fromText?: string,
    toText?: string,
  ): Promise<string> {
    const { from, to } = checkRange(fromText, toText);
    const rows = await this.repository.track(devices, from, to, TRACK_ROW_LIMIT);
    const kept = thinByTime(rows, TRACK_POINT_CAP);
    return trackJson(kept, kept.length < rows.length);
  }
}

/** `from`/`to` as instants: the last 24 h by default, at most 31 days. */
function checkRange(fromText?: string, toText?: string): { from: Date; to: Date } {
  const to = toText ? new Date(toText) : new Date();
  const from = fromText ? new Date(fromText) : new Date(to.getTime() - 86_400_000);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to)
    throw badRequest('invalid_range', 'Give ISO-8601 `from` and `to` with from before to.');
  if (to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw badRequest('range_too_long', 'A track covers at most 31 days; ask for a shorter range.');
  return { from, to };
}

const number = (value: number | null) => (value === null || !Number.isFinite(value) ? 'null' : String(value));

/**
 * TrackSchema's JSON written straight from the rows: thousands of points per answer, so no point
 * objects and no schema serializer walking them. Field order and values as `{ t, lat, lon, speedKmh,
 * course }` would serialize (an ISO instant in `t`; numbers as JSON writes them).
 */
export function trackJson(rows: TrackRow[], simplified: boolean): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    parts[i] =
      `{"t":"${new Date(r.ms).toISOString()}","lat":${r.lat_e7 / 1e7},"lon":${r.lon_e7 / 1e7},` +
      `"speedKmh":${number(r.speed_kmh)},"course":${number(r.course)}}`;
  }
  return `{"points":[${parts.join(',')}],"simplified":${simplified}}`;
}
