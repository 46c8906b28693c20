import type { AlertEvent } from '../events';
import type { AlertRule } from '../rules/rule';

export type Channel = 'in_app' | 'email' | 'webhook';

/** Who a rule tells: `user:<id>` for a user's e-mail, the address itself for the others. */
export interface Recipient {
  channel: Channel;
  recipient: string;
}

/** Every channel and recipient of a rule (duplicates between rules collapse on the unique key). */
export function recipientsOf(rule: AlertRule): Recipient[] {
  const out: Recipient[] = [];
  for (const user of rule.userIds) {
    if (rule.inApp) out.push({ channel: 'in_app', recipient: user });
    if (rule.emailUsers) out.push({ channel: 'email', recipient: `user:${user}` });
  }
  for (const email of rule.emails) out.push({ channel: 'email', recipient: email });
  for (const endpoint of rule.webhookIds) out.push({ channel: 'webhook', recipient: endpoint });
  return out;
}

/** The anti-storm key: one window per vehicle, else per driver or parcel, else per rule. */
export function stormKey(event: AlertEvent): string {
  if (event.vehicleId) return `vehicle:${event.vehicleId}`;
  if (event.driverId) return `driver:${event.driverId}`;
  if (event.trackingCode) return `parcel:${event.trackingCode}`;
  return 'any';
}
