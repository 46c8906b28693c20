import type { Sql } from '@pioneira/db';
import type { LatestStore } from '../latest/latest-store';
import type { Device } from './device';

/** Online: a fix within the threshold; offline: an older one; never-seen: no stored fix at all. */
export type DeviceStatus = 'online' | 'offline' | 'never_seen';

export interface DeviceWithStatus extends Device {
  status: DeviceStatus;
  lastFixAt: Date | null;
  /** Who drives with it now: the device's own driver, else its vehicle's assigned driver. */
  currentDriver: { id: string; name: string } | null;
}

/**
 * Adds status, last fix and current driver to a page of devices. The last fix comes from the latest
 * positions in Redis (fresh, within their TTL), else from the positions table (older fixes). A device
 * is online while its last fix is younger than its own timeout, else the default one: the same rule
 * as the geofences role's `device.offline` event.
 */
export async function withStatus(
  sql: Sql,
  latest: LatestStore | undefined,
  devices: Device[],
  defaultTimeoutSeconds: number,
  now = Date.now(),
): Promise<DeviceWithStatus[]> {
  if (devices.length === 0) return [];
  const ids = devices.map((d) => d.id);
  const fresh = latest && (await latest.isReady()) ? await latest.get(ids) : new Map();
  const missing = ids.filter((id) => !fresh.has(id));
  const stored = new Map<string, Date>();
  if (missing.length > 0) {
    const rows = await sql<{ id: string; fixed_at: Date }[]>`
      SELECT d.id, p.fixed_at FROM devices d
      CROSS JOIN LATERAL (
        SELECT fixed_at FROM positions WHERE device_num = d.num ORDER BY fixed_at DESC LIMIT 1
      ) p
      WHERE d.id = ANY(${missing}::uuid[])`;
    for (const r of rows) stored.set(r.id, r.fixed_at);
  }
  const drivers = await sql<{ id: string; driver_id: string; name: string }[]>`
    SELECT d.id, dr.id AS driver_id, dr.name FROM devices d
    JOIN drivers dr ON dr.id = coalesce(d.driver_id, assigned_driver(d.vehicle_id, now()))
    WHERE d.id = ANY(${ids}::uuid[])`;
  const driverOf = new Map(drivers.map((r) => [r.id, { id: r.driver_id, name: r.name }]));
  return devices.map((device) => {
    const fix = fresh.get(device.id);
    const lastFixAt = fix ? new Date(fix.fixedAt) : (stored.get(device.id) ?? null);
    const status: DeviceStatus = !lastFixAt
      ? 'never_seen'
      : now - lastFixAt.getTime() <= (device.offlineAfterSeconds ?? defaultTimeoutSeconds) * 1000
        ? 'online'
        : 'offline';
    return { ...device, status, lastFixAt, currentDriver: driverOf.get(device.id) ?? null };
  });
}
