import type { AlertEvent } from '../events';

/** The JSON body of a webhook (docs/webhooks.md: keep them in step). */
export interface WebhookBody {
  id: string;
  type: 'alert';
  createdAt: string;
  rule: { id: string; name: string };
  alert: { id: string; suppressed: number };
  event: {
    key: string;
    kind: AlertEvent['kind'];
    type: string | null;
    label: string | null;
    severity: string | null;
    occurredAt: string;
    vehicle: { id: string; name: string | null } | null;
    driver: { id: string; name: string | null } | null;
    trackingCode: string | null;
    geofenceId: string | null;
    latitude: number | null;
    longitude: number | null;
    speedKmh: number | null;
    value: number | null;
    units: string | null;
    details: string | null;
  };
}

const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

export function webhookBody(
  delivery: {
    id: string;
    alertId: string;
    ruleId: string;
    ruleName: string;
    suppressed: number;
    createdAt: string;
  },
  e: AlertEvent,
  geofenceId: string | null,
): WebhookBody {
  const row = e.event;
  return {
    id: delivery.id,
    type: 'alert',
    createdAt: delivery.createdAt,
    rule: { id: delivery.ruleId, name: delivery.ruleName },
    alert: { id: delivery.alertId, suppressed: delivery.suppressed },
    event: {
      key: e.key,
      kind: e.kind,
      type: e.type,
      label: e.label,
      severity: e.severity,
      occurredAt: e.occurredAt,
      vehicle: e.vehicleId ? { id: e.vehicleId, name: e.vehicle } : null,
      driver: e.driverId ? { id: e.driverId, name: e.driver } : null,
      trackingCode: e.trackingCode ?? null,
      geofenceId,
      latitude: num(row.latitude),
      longitude: num(row.longitude),
      speedKmh: num(row.speed_kmh),
      value: num(row.value),
      units: str(row.value_units),
      details: str(row.details),
    },
  };
}
