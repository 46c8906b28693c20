import type { Sql } from '@pioneira/db';
import type { WirePosition } from '@pioneira/gps';
import { type DeviceRange, DeviceStateCache } from '../store/device-state';
import {
  type DerivedEvent,
  type DeviceContext,
  deviceContexts,
  upsertEvents,
} from '../store/rules.repository';
import { markSeen } from './device-status';
import type { GeofenceIndex } from './geofence-index';
import { upsertVisits, type VisitWrite } from './geofences.repository';
import {
  evaluatePresence,
  type GeofenceDeviceState,
  type GeofenceFact,
  initialGeofenceState,
  type PresenceTuning,
} from './presence';

const iso = (t: number) => new Date(t).toISOString();

export interface GeofenceEvaluation {
  evaluated: number;
  events: number;
}

function factEvent(f: GeofenceFact, device: DeviceContext, name: string): DerivedEvent {
  const seconds = f.exitedAt === null ? 0 : Math.round((f.exitedAt - f.enteredAt) / 1000);
  return {
    externalId: `geofence.${f.type}:${device.id}:${f.geofenceId}:${iso(f.type === 'outside-hours' ? f.enteredAt : f.t)}`,
    driver: device.assignedDriver,
    vehicle: device.vehicleExternalId,
    type: `geofence.${f.type}`,
    category: 'geofence',
    startedAt: f.t,
    endedAt: f.t,
    latitude: f.lat,
    longitude: f.lon,
    endLatitude: null,
    endLongitude: null,
    speedKmh: null,
    speedLimitKmh: null,
    value: f.type === 'exit' ? seconds : f.type === 'dwell' ? Math.round((f.t - f.enteredAt) / 1000) : null,
    units: 's',
    valueType: 'duration',
    limit: null,
    seconds,
    details: name,
    raw: { deviceId: device.id, geofenceId: f.geofenceId, geofenceName: name, enteredAt: iso(f.enteredAt) },
  };
}

/** The geofences consumer's states: rows of `geofence_device_state`, cached between batches. */
export const storedGeofenceStates = () =>
  new DeviceStateCache<GeofenceDeviceState>('geofence_device_state', initialGeofenceState);

/**
 * Evaluates a batch of positions against the geofences and stores what happened, in ONE transaction
 * with the devices' new state (like the rules: locked state rows in device order, fixes read from
 * PostgreSQL from the newest evaluated to the newest of the batch, natural keys everywhere), so a
 * crash re-evaluates from the old state and a redelivery changes nothing. Also marks the devices seen.
 * The reads go in one pipelined round trip and so do the writes; `states` keeps the devices' states
 * in memory between the batches of one consumer.
 */
export async function evaluateGeofences(
  sql: Sql,
  index: GeofenceIndex,
  positions: WirePosition[],
  options: { tuning: PresenceTuning; offlineAfterSeconds: number },
  states: DeviceStateCache<GeofenceDeviceState> = storedGeofenceStates(),
): Promise<GeofenceEvaluation> {
  if (positions.length === 0) return { evaluated: 0, events: 0 };
  const byDevice = new Map<number, DeviceRange>();
  for (const p of positions) {
    const range = byDevice.get(p.deviceNum);
    if (!range) byDevice.set(p.deviceNum, { num: p.deviceNum, first: p.t, upTo: p.t });
    else if (p.t < range.first) range.first = p.t;
    else if (p.t > range.upTo) range.upTo = p.t;
  }
  const nums = [...byDevice.keys()];
  const saved: Array<{ num: number; state: GeofenceDeviceState }> = [];
  const result = await sql.begin(async (tx) => {
    const [contexts, locked] = await Promise.all([
      deviceContexts(tx, nums),
      states.lock(tx, [...byDevice.values()]),
    ]);
    const events: DerivedEvent[] = [];
    const visits: VisitWrite[] = [];
    const seen: Array<{ num: number; t: number; lat: number; lon: number }> = [];
    let evaluated = 0;
    for (const num of nums) {
      const device = contexts.get(num);
      if (!device) continue;
      const fixes = locked.fixes.get(num) ?? [];
      const result = evaluatePresence(
        locked.states.get(num) ?? initialGeofenceState(),
        fixes,
        index,
        options.tuning,
      );
      evaluated += result.evaluated;
      for (const f of result.facts) {
        const name = index.get(f.geofenceId)?.record.name ?? '';
        events.push(factEvent(f, device, name));
        if (f.type === 'enter' || f.type === 'exit')
          visits.push({
            deviceNum: num,
            geofenceId: f.geofenceId,
            geofenceName: name,
            enteredAt: f.enteredAt,
            exitedAt: f.exitedAt,
            vehicle: device.vehicleExternalId,
            driver: device.assignedDriver,
          });
      }
      if (result.evaluated > 0) {
        saved.push({ num, state: result.state });
        const newest = fixes[fixes.length - 1];
        seen.push({ num, t: newest.t, lat: newest.latitude, lon: newest.longitude });
      }
    }
    const [, inserted, back] = await Promise.all([
      upsertVisits(tx, visits),
      upsertEvents(tx, events, 'geofence'),
      markSeen(tx, seen, options.offlineAfterSeconds),
      states.save(tx, saved),
    ]);
    return { evaluated, events: inserted + back };
  });
  states.committed(saved);
  return result;
}
