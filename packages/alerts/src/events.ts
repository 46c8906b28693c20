/**
 * One message of the events topic, as the triggers of migration 070 write it: a new telemetry event
 * (any source) or a parcel that was returned or ran late.
 */
export interface AlertEvent {
  kind: 'telemetry' | 'parcel';
  /** Natural key of the fact: `telemetry:<id>` or `parcel:<code>:<kind>:<status time>`. */
  key: string;
  type: string | null;
  occurredAt: string;
  severity: string | null;
  label: string | null;
  vehicleId: string | null;
  vehicle: string | null;
  /** The vehicle's rule category when the event was evaluated; not on the topic (looked up). */
  vehicleCategory?: string | null;
  driverId: string | null;
  driver: string | null;
  trackingCode?: string;
  /** The row itself (telemetry_events columns in snake case, or the parcel's status). */
  event: Record<string, unknown>;
}

/** Parses a message of the events topic; undefined for anything that is not one. */
export function parseAlertEvent(value: Buffer): AlertEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const e = parsed as Partial<AlertEvent>;
  if ((e.kind !== 'telemetry' && e.kind !== 'parcel') || typeof e.key !== 'string') return undefined;
  if (typeof e.occurredAt !== 'string' || typeof e.event !== 'object' || e.event === null) return undefined;
  return {
    kind: e.kind,
    key: e.key,
    type: e.type ?? null,
    occurredAt: e.occurredAt,
    severity: e.severity ?? null,
    label: e.label ?? null,
    vehicleId: e.vehicleId ?? null,
    vehicle: e.vehicle ?? null,
    driverId: e.driverId ?? null,
    driver: e.driver ?? null,
    trackingCode: e.trackingCode,
    event: e.event,
  };
}

/** The geofence an event is about, whichever way its writer recorded it. */
export function geofenceOf(e: AlertEvent): string | null {
  const row = e.event;
  const raw = (row.raw ?? {}) as Record<string, unknown>;
  const id = row.geofence_id ?? raw.geofenceId ?? raw.geofence_id;
  return id === undefined || id === null ? null : String(id);
}
