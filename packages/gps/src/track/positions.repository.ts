import type { Sql } from '@pioneira/db';

export interface DeviceListing {
  id: string;
  name: string;
  vehicleId: string | null;
  plate: string | null;
}

export interface TrackRow {
  ms: number;
  lat_e7: number;
  lon_e7: number;
  speed_kmh: number | null;
  course: number | null;
}

export interface ExportRow extends TrackRow {
  altitude: number | null;
}

/** Reads of stored positions: the device list for the map and tracks over a time range. */
export class PositionsRepository {
  constructor(private readonly sql: Sql) {}

  async devicesWithVehicles(): Promise<DeviceListing[]> {
    return this.sql<DeviceListing[]>`
      SELECT d.id, d.name, d.vehicle_id AS "vehicleId", v.registration_number AS plate
      FROM devices d LEFT JOIN vehicles v ON v.id = d.vehicle_id`;
  }

  async deviceExists(id: string): Promise<boolean> {
    return (await this.sql`SELECT 1 FROM devices WHERE id = ${id}`).length > 0;
  }

  async vehicleExists(id: string): Promise<boolean> {
    return (await this.sql`SELECT 1 FROM vehicles WHERE id = ${id}`).length > 0;
  }

  /** The name a vehicle's or a device's track is known by: the plate, else the description or name. */
  async trackName(devices: { deviceId: string } | { vehicleId: string }): Promise<string | undefined> {
    const [row] =
      'deviceId' in devices
        ? await this.sql`SELECT name FROM devices WHERE id = ${devices.deviceId}`
        : await this
            .sql`SELECT coalesce(registration_number, description) AS name FROM vehicles WHERE id = ${devices.vehicleId}`;
    return row?.name as string | undefined;
  }

  /** Every fix in [from, to) with course and altitude, oldest first, at most `limit`. */
  async exportRows(
    devices: { deviceId: string } | { vehicleId: string },
    from: Date,
    to: Date,
    limit: number,
  ): Promise<ExportRow[]> {
    const nums =
      'deviceId' in devices
        ? this.sql`SELECT num FROM devices WHERE id = ${devices.deviceId}`
        : this.sql`SELECT num FROM devices WHERE vehicle_id = ${devices.vehicleId}`;
    return this.sql<ExportRow[]>`
      SELECT (extract(epoch FROM fixed_at) * 1000)::float8 AS ms, lat_e7, lon_e7, speed_kmh, course, altitude
      FROM positions
      WHERE device_num IN (${nums}) AND fixed_at >= ${from} AND fixed_at < ${to}
      ORDER BY fixed_at LIMIT ${limit}`;
  }

  /** Fixes of the devices chosen by `where` in [from, to), oldest first, at most `limit`. */
  async track(
    devices: { deviceId: string } | { vehicleId: string },
    from: Date,
    to: Date,
    limit: number,
  ): Promise<TrackRow[]> {
    const nums =
      'deviceId' in devices
        ? this.sql`SELECT num FROM devices WHERE id = ${devices.deviceId}`
        : this.sql`SELECT num FROM devices WHERE vehicle_id = ${devices.vehicleId}`;
    return this.sql<TrackRow[]>`
      SELECT (extract(epoch FROM fixed_at) * 1000)::float8 AS ms, lat_e7, lon_e7, speed_kmh, course
      FROM positions
      WHERE device_num IN (${nums}) AND fixed_at >= ${from} AND fixed_at < ${to}
      ORDER BY fixed_at LIMIT ${limit}`;
  }
}
