import { type AlertEvent, geofenceOf } from '../events';
import { type CalendarWindow, inCalendar } from './calendar';

/** An alert rule: what (filters, empty = any), when (calendar), to whom, and its anti-storm window. */
export interface AlertRule {
  id: string;
  name: string;
  enabled: boolean;
  eventTypes: string[];
  severities: string[];
  geofenceIds: string[];
  vehicleIds: string[];
  /** Groups of vehicles: their rule category (cargo, passengers, exempt). */
  vehicleCategories: string[];
  driverIds: string[];
  parcelCodes: string[];
  calendar: CalendarWindow[] | null;
  userIds: string[];
  emails: string[];
  webhookIds: string[];
  /** Notify the users in the web app, and by e-mail at their own address. */
  inApp: boolean;
  emailUsers: boolean;
  /** At most one alert per vehicle in this many minutes (0: every event). */
  throttleMinutes: number;
  /** Alerts after a quiet window say how many events were held back. */
  digest: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const anyOf = (allowed: string[], value: string | null | undefined) =>
  allowed.length === 0 || (value != null && allowed.includes(value));

/** The rule's vehicles are those it lists and those of the categories it lists; none of either: any. */
function targetsVehicle(rule: AlertRule, event: AlertEvent): boolean {
  if (rule.vehicleIds.length === 0 && rule.vehicleCategories.length === 0) return true;
  return (
    (event.vehicleId != null && rule.vehicleIds.includes(event.vehicleId)) ||
    (event.vehicleCategory != null && rule.vehicleCategories.includes(event.vehicleCategory))
  );
}

/**
 * Whether an event is one the rule asks for, at a time its calendar allows. A rule with vehicle
 * categories needs the event's `vehicleCategory` (the consumer looks it up, see `withCategories`).
 */
export function ruleMatches(rule: AlertRule, event: AlertEvent, timeZone: string): boolean {
  return (
    rule.enabled &&
    anyOf(rule.eventTypes, event.type) &&
    anyOf(rule.severities, event.severity) &&
    anyOf(rule.geofenceIds, geofenceOf(event)) &&
    targetsVehicle(rule, event) &&
    anyOf(rule.driverIds, event.driverId) &&
    anyOf(rule.parcelCodes, event.trackingCode) &&
    inCalendar(rule.calendar, new Date(event.occurredAt), timeZone)
  );
}
