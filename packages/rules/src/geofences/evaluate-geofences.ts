import type { Sql } from '@pioneira/db';
import type { WirePosition } from '@pioneira/gps';
import {
  type DerivedEvent,
  type DeviceContext,
  deviceContexts,
  storedFixes,
  upsertEvents,
} from '../store/rules.repository';
import { markSeen } from './device-status';
import type { GeofenceIndex } from './geofence-index';
import {
  lockGeofenceStates,
  saveGeofenceStates,
  upsertVisits,
  type VisitWrite,
} from './geofences.repository';
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

/**
 * Evaluates a batch of positions against the geofences and stores what happened, in ONE transaction
 * with the devices' new state (like the rules: locked state rows in device order, fixes read from
 * PostgreSQL from the newest evaluated to the newest of the batch, natural keys everywhere), so a
 * crash re-evaluates from the old state and a redelivery changes nothing. Also marks the devices seen.
 */
export async function evaluateGeofences(
  sql: Sql,
  index: GeofenceIndex,
  positions: WirePosition[],
  options: { tuning: PresenceTuning; offlineAfterSeconds: number },
): Promise<GeofenceEvaluation> {
  if (positions.length === 0) return { evaluated: 0, events: 0 };
  const byDevice = new Map<number, number[]>();
  for (const p of positions) {
    const list = byDevice.get(p.deviceNum);
    if (list) list.push(p.t);
    else byDevice.set(p.deviceNum, [p.t]);
  }
  const contexts = await deviceContexts(sql, [...byDevice.keys()]);
  const known = [...byDevice.keys()].filter((n) => contexts.has(n));
  if (known.length === 0) return { evaluated: 0, events: 0 };
  return sql.begin(async (tx) => {
    const raw = await lockGeofenceStates(tx, known);
    const states = new Map<number, GeofenceDeviceState>(
      known.map((num) => {
        const s = raw.get(num) as GeofenceDeviceState | undefined;
        return [num, s && 'lastT' in s ? s : initialGeofenceState()];
      }),
    );
    const stored = await storedFixes(
      tx,
      known.map((num) => {
        const times = byDevice.get(num) ?? [];
        const lastT = states.get(num)?.lastT ?? 0;
        return { num, after: lastT > 0 ? lastT : Math.min(...times) - 1, upTo: Math.max(...times) };
      }),
    );
    const events: DerivedEvent[] = [];
    const visits: VisitWrite[] = [];
    const saved: Array<{ num: number; state: GeofenceDeviceState; lastT: number }> = [];
    const seen: Array<{ num: number; t: number; lat: number; lon: number }> = [];
    let evaluated = 0;
    for (const num of known) {
      const device = contexts.get(num) as DeviceContext;
      const fixes = stored.get(num) ?? [];
      const result = evaluatePresence(
        states.get(num) ?? initialGeofenceState(),
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
        saved.push({ num, state: result.state, lastT: result.state.lastT });
        const newest = fixes[fixes.length - 1];
        seen.push({ num, t: newest.t, lat: newest.latitude, lon: newest.longitude });
      }
    }
    await upsertVisits(tx, visits);
    const inserted = await upsertEvents(tx, events, 'geofence');
    const back = await markSeen(tx, seen, options.offlineAfterSeconds);
    await saveGeofenceStates(tx, saved);
    return { evaluated, events: inserted + back };
  });
}
