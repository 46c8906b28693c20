import type { Sql } from '@pioneira/db';
import type { Device, DeviceProtocol, DeviceRef } from './device';

const COLUMNS = [
  'id',
  'identifier',
  'name',
  'protocol',
  'vehicle_id',
  'driver_id',
  'offline_after_seconds',
  'created_at',
  'updated_at',
];

interface DeviceRow {
  id: string;
  identifier: string;
  name: string;
  protocol: DeviceProtocol;
  vehicle_id: string | null;
  driver_id: string | null;
  offline_after_seconds: number | null;
  created_at: Date;
  updated_at: Date;
  has_secret: boolean;
}

const toDevice = (r: DeviceRow): Device => ({
  id: r.id,
  identifier: r.identifier,
  name: r.name,
  protocol: r.protocol,
  vehicleId: r.vehicle_id,
  driverId: r.driver_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  hasSecret: r.has_secret,
  offlineAfterSeconds: r.offline_after_seconds,
});

export interface DeviceFields {
  identifier: string;
  name: string;
  protocol: DeviceProtocol;
  vehicleId?: string | null;
  driverId?: string | null;
  offlineAfterSeconds?: number | null;
}

/** All SQL about devices. */
export class DevicesRepository {
  // What a device response may say about the secret: whether there is one, never its hash.
  private readonly hasSecret;
  // What ingest needs to authenticate and route a device.
  private readonly ref;

  constructor(private readonly sql: Sql) {
    this.hasSecret = sql`secret_hash IS NOT NULL AS has_secret`;
    this.ref = sql`id, num, identifier, name, protocol, vehicle_id AS "vehicleId", secret_hash AS "secretHash"`;
  }

  async list(search: string | undefined, limit: number, offset: number, vehicleId: string | null = null) {
    const pattern = search ? `%${search.replace(/[%_\\]/g, '\\$&')}%` : null;
    const rows = await this.sql<(DeviceRow & { total: number })[]>`
      SELECT ${this.sql(COLUMNS)}, ${this.hasSecret}, count(*) OVER ()::int AS total FROM devices
      WHERE (${pattern}::text IS NULL OR name ILIKE ${pattern} OR identifier ILIKE ${pattern})
        AND (${vehicleId}::bigint IS NULL OR vehicle_id = ${vehicleId}::bigint)
      ORDER BY name, id LIMIT ${limit} OFFSET ${offset}`;
    return { items: rows.map(toDevice), total: rows[0]?.total ?? 0 };
  }

  async get(id: string): Promise<Device | undefined> {
    const [row] = await this.sql<
      DeviceRow[]
    >`SELECT ${this.sql(COLUMNS)}, ${this.hasSecret} FROM devices WHERE id = ${id}`;
    return row && toDevice(row);
  }

  /** Inserts a device; undefined when the identifier is taken. */
  async insert(fields: DeviceFields, tokenHash: Buffer): Promise<Device | undefined> {
    const [row] = await this.sql<DeviceRow[]>`
      INSERT INTO devices (identifier, name, protocol, vehicle_id, driver_id, offline_after_seconds, token_hash)
      VALUES (${fields.identifier}, ${fields.name}, ${fields.protocol}, ${fields.vehicleId ?? null},
              ${fields.driverId ?? null}, ${fields.offlineAfterSeconds ?? null}, ${tokenHash})
      ON CONFLICT (identifier) DO NOTHING RETURNING ${this.sql(COLUMNS)}, ${this.hasSecret}`;
    return row && toDevice(row);
  }

  async update(id: string, fields: Partial<DeviceFields>): Promise<Device | undefined> {
    const changes = Object.fromEntries(
      Object.entries({
        identifier: fields.identifier,
        name: fields.name,
        protocol: fields.protocol,
        vehicle_id: fields.vehicleId,
        driver_id: fields.driverId,
        offline_after_seconds: fields.offlineAfterSeconds,
      }).filter(([, v]) => v !== undefined),
    );
    const [row] = await this.sql<DeviceRow[]>`
      UPDATE devices SET ${this.sql(changes)}, updated_at = now() WHERE id = ${id}
      RETURNING ${this.sql(COLUMNS)}, ${this.hasSecret}`;
    return row && toDevice(row);
  }

  /** Sets (or with null removes) the device secret; false when there is no such device. */
  async setSecret(id: string, secretHash: Buffer | null): Promise<boolean> {
    const rows = await this
      .sql`UPDATE devices SET secret_hash = ${secretHash}, updated_at = now() WHERE id = ${id}`;
    return rows.count > 0;
  }

  async setToken(id: string, tokenHash: Buffer): Promise<boolean> {
    const rows = await this
      .sql`UPDATE devices SET token_hash = ${tokenHash}, updated_at = now() WHERE id = ${id}`;
    return rows.count > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.sql`DELETE FROM devices WHERE id = ${id}`).count > 0;
  }

  async identifierTaken(identifier: string, exceptId: string): Promise<boolean> {
    const rows = await this.sql`SELECT 1 FROM devices WHERE identifier = ${identifier} AND id <> ${exceptId}`;
    return rows.length > 0;
  }

  async refsByIdentifiers(identifiers: string[]): Promise<DeviceRef[]> {
    return this.sql<DeviceRef[]>`
      SELECT ${this.ref} FROM devices WHERE identifier = ANY(${identifiers})`;
  }

  async refByTokenHash(hash: Buffer): Promise<DeviceRef | undefined> {
    const [row] = await this.sql<DeviceRef[]>`
      SELECT ${this.ref} FROM devices WHERE token_hash = ${hash}`;
    return row;
  }

  async allRefs(): Promise<DeviceRef[]> {
    return this.sql<DeviceRef[]>`SELECT ${this.ref} FROM devices`;
  }
}
