import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '@pioneira/db';
import type { SimProtocol } from './fleet';

/** What the platform must know about a simulated device before it may report. */
export interface DeviceSpec {
  identifier: string;
  name: string;
  protocol: SimProtocol;
  /** The vehicle (`vehicles.id`, digits) the device rides in, so the map shows the vehicle's name. */
  vehicleId?: string | null;
}

/** Device token per identifier (JSON devices only: the others are recognised by their identifier). */
export type DeviceTokens = Map<string, string>;

/** Registers devices somewhere and returns the tokens of the JSON ones. */
export type Provisioner = (devices: DeviceSpec[]) => Promise<DeviceTokens>;

// Same shape and hash as the platform's own device tokens (256 random bits, sha256 stored).
const newToken = () => `pdt_${randomBytes(32).toString('base64url')}`;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Registers the devices directly in the `devices` table (for `npm start` and tests) and gives every
 * JSON device a fresh token; devices already registered keep their row but get the new token.
 */
export async function provisionDevices(sql: Sql, devices: DeviceSpec[]): Promise<DeviceTokens> {
  const tokens: DeviceTokens = new Map();
  for (const device of devices) if (device.protocol === 'json') tokens.set(device.identifier, newToken());
  const hashes = devices.map((d) => {
    const token = tokens.get(d.identifier);
    return token ? tokenHash(token) : null;
  });
  await sql`
    INSERT INTO devices (identifier, name, protocol, vehicle_id, token_hash)
    SELECT identifier, name, protocol, vehicle_id, decode(hash, 'hex')
    FROM unnest(${devices.map((d) => d.identifier)}::text[], ${devices.map((d) => d.name)}::text[],
                ${devices.map((d) => d.protocol)}::text[], ${devices.map((d) => d.vehicleId ?? null)}::int8[],
                ${hashes}::text[])
      AS u(identifier, name, protocol, vehicle_id, hash)
    ON CONFLICT (identifier) DO UPDATE SET
      token_hash = coalesce(EXCLUDED.token_hash, devices.token_hash),
      vehicle_id = coalesce(EXCLUDED.vehicle_id, devices.vehicle_id),
      updated_at = now()`;
  return tokens;
}

/** A Provisioner writing straight to the database. */
export const sqlProvisioner =
  (sql: Sql): Provisioner =>
  (devices) =>
    provisionDevices(sql, devices);
