import type { Sql } from '@pioneira/db';
import type { DevicesService, IngestService } from '@pioneira/gps';
import type { DecodedPosition } from '@pioneira/protocols';
import type { MixClient, MixEntity } from '../client';
import { parseMixDate } from '../dates';
import { idText, num } from '../int64-json';
import {
  type CreatedSinceStream,
  type RunReport,
  runCreatedSince,
  type StreamJobOptions,
} from './stream-job';

/** The device of a MiX asset: one per AssetId, protocol 'mix'. */
export const mixDeviceIdentifier = (assetId: string) => `mix:${assetId}`;

/** The durable GPS path the positions go into (packages/gps), shared with every tracker. */
export interface PositionsSink {
  ingest: IngestService;
  devices: DevicesService;
}

/** A MiX Position (reference §6.7) as a decoded fix of its asset's device; undefined when unusable. */
function toFix(p: MixEntity): (DecodedPosition & { assetId: string }) | undefined {
  const assetId = idText(p.AssetId);
  const fixedAt = parseMixDate(p.Timestamp);
  const latitude = num(p.Latitude);
  const longitude = num(p.Longitude);
  if (!assetId || !fixedAt || latitude === undefined || longitude === undefined) return undefined;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  const attributes: Record<string, number | string | boolean> = {};
  const positionId = idText(p.PositionId);
  if (positionId) attributes.mixPositionId = positionId;
  const odometer = num(p.OdometerKilometres);
  if (odometer !== undefined) attributes.odometerKm = odometer;
  const satellites = num(p.NumberOfSatellites);
  if (satellites !== undefined) attributes.sat = satellites;
  return {
    assetId,
    deviceIdentifier: mixDeviceIdentifier(assetId),
    fixedAt,
    latitude,
    longitude,
    speedKmh: num(p.SpeedKilometresPerHour) ?? null,
    course: num(p.Heading) ?? null,
    altitude: num(p.AltitudeMetres) ?? null,
    accuracy: null,
    attributes,
  };
}

/**
 * The organisation's positions stream, into the same `positions` table and outbox as device GPS
 * (gps's IngestService). A device per MiX asset is created on first sight and linked to its vehicle
 * (also later, once mix.sync has brought the vehicle). The positions commit (by the ingest path)
 * before the since token does; a page replayed after a crash is skipped by the (device, fix time) key.
 */
export function positionsStream(sql: Sql, sink: PositionsSink): CreatedSinceStream {
  return {
    job: 'mix.positions',
    fetch: (client, token, quantity, signal) => client.positionsCreatedSince(token, quantity, signal),
    async store(_tx, items) {
      const fixes = new Map<string, DecodedPosition & { assetId: string }>();
      for (const item of items) {
        const fix = toFix(item);
        // A page may repeat a position; the writer wants each (device, fix time) once.
        if (fix) fixes.set(`${fix.deviceIdentifier}@${fix.fixedAt.getTime()}`, fix);
      }
      if (fixes.size === 0) return { inserted: 0 };
      const list = [...fixes.values()];
      await ensureDevices(sql, sink, [...new Set(list.map((f) => f.assetId))]);
      const result = await sink.ingest.submit(
        list.map(({ assetId: _, ...fix }) => fix),
        'mix',
      );
      const newestMs = Math.max(...list.map((f) => f.fixedAt.getTime()));
      // `accepted` is what was new; repeated or unusable positions count as duplicates of the page.
      return { inserted: result.accepted, newestMs };
    },
  };
}

/** Creates the missing devices of these assets and links devices to vehicles that exist now. */
async function ensureDevices(sql: Sql, sink: PositionsSink, assetIds: string[]) {
  const identifiers = assetIds.map(mixDeviceIdentifier);
  const refs = await sink.ingest.devices.resolve(identifiers);
  const unlinked = assetIds.filter((id) => {
    const ref = refs.get(mixDeviceIdentifier(id));
    return !ref || ref.vehicleId === null;
  });
  if (unlinked.length === 0) return;
  const vehicles = await sql<{ id: string; external_id: string; name: string }[]>`
    SELECT id::text, external_id, COALESCE(NULLIF(registration_number, ''), description) AS name
    FROM vehicles WHERE external_id = ANY(${unlinked})`;
  const vehicleOf = new Map(vehicles.map((v) => [v.external_id, v]));
  let changed = false;
  for (const assetId of unlinked) {
    const ref = refs.get(mixDeviceIdentifier(assetId));
    const vehicle = vehicleOf.get(assetId);
    if (ref) {
      if (!vehicle) continue;
      await sink.devices.update(ref.id, { vehicleId: vehicle.id });
      changed = true;
      continue;
    }
    try {
      await sink.devices.create({
        identifier: mixDeviceIdentifier(assetId),
        name: vehicle ? `MiX ${vehicle.name}` : `MiX asset ${assetId}`,
        protocol: 'mix',
        vehicleId: vehicle?.id ?? null,
      });
    } catch (error) {
      // Another process created it a moment ago: the identifier is unique, so it is the same device.
      if ((error as { status?: number }).status !== 409) throw error;
    }
    changed = true;
  }
  if (changed) sink.ingest.devices.clear();
}

/** The `mix.positions` job: see positionsStream. */
export function runMixPositions(
  sql: Sql,
  client: MixClient,
  sink: PositionsSink,
  options: StreamJobOptions = {},
): Promise<RunReport> {
  return runCreatedSince(sql, client, positionsStream(sql, sink), options);
}
