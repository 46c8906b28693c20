import type { AlertRuleView as AlertRule, AlertRuleFields as AlertRuleInput } from '@pioneira/contracts';
import type { HoursWindow } from './calendar';
import { fromCalendar, toCalendar } from './calendar';

/** An alert rule as its form edits it: lists as the pickers hold them, free text as typed. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  eventTypes: string[];
  severities: string[];
  geofenceIds: string[];
  vehicleIds: string[];
  vehicleCategories: string[];
  driverIds: string[];
  parcelCodes: string;
  /** Empty: at any time. */
  calendar: HoursWindow[];
  userIds: string[];
  emails: string;
  webhookIds: string[];
  inApp: boolean;
  emailUsers: boolean;
  throttleMinutes: string;
  digest: boolean;
}

export type DraftField = 'name' | 'parcelCodes' | 'calendar' | 'recipients' | 'emails' | 'throttleMinutes';
/** What is wrong with a field: a message key of `alerts.error.*` and its values. */
export type DraftErrors = Partial<Record<DraftField, { key: string; vars?: Record<string, string> }>>;

export const MAX_THROTTLE_MINUTES = 10_080;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const words = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** A new rule: tells its author in the app, at any time, every event. */
export const newDraft = (me: string): RuleDraft => ({
  name: '',
  enabled: true,
  eventTypes: [],
  severities: [],
  geofenceIds: [],
  vehicleIds: [],
  vehicleCategories: [],
  driverIds: [],
  parcelCodes: '',
  calendar: [],
  userIds: [me],
  emails: '',
  webhookIds: [],
  inApp: true,
  emailUsers: false,
  throttleMinutes: '0',
  digest: false,
});

export const toDraft = (rule: AlertRule): RuleDraft => ({
  name: rule.name,
  enabled: rule.enabled,
  eventTypes: rule.eventTypes,
  severities: rule.severities,
  geofenceIds: rule.geofenceIds,
  vehicleIds: rule.vehicleIds,
  vehicleCategories: rule.vehicleCategories,
  driverIds: rule.driverIds,
  parcelCodes: rule.parcelCodes.join(', '),
  calendar: fromCalendar(rule.calendar),
  userIds: rule.userIds,
  emails: rule.emails.join(', '),
  webhookIds: rule.webhookIds,
  inApp: rule.inApp,
  emailUsers: rule.emailUsers,
  throttleMinutes: String(rule.throttleMinutes),
  digest: rule.digest,
});

/** The rule the API takes, or what to fix first, field by field. */
export function fromDraft(d: RuleDraft): { rule: AlertRuleInput } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = { key: 'alerts.error.name' };
  const emails = words(d.emails).map((e) => e.toLowerCase());
  const badEmail = emails.find((e) => !EMAIL.test(e) || e.length > 254);
  if (badEmail) errors.emails = { key: 'alerts.error.email', vars: { email: badEmail } };
  const parcelCodes = words(d.parcelCodes).map((c) => c.toUpperCase());
  const badCode = parcelCodes.find((c) => c.length > 40);
  if (badCode) errors.parcelCodes = { key: 'alerts.error.parcelCode', vars: { code: badCode } };
  const throttle = Number(d.throttleMinutes.trim() || '0');
  if (!Number.isInteger(throttle) || throttle < 0 || throttle > MAX_THROTTLE_MINUTES)
    errors.throttleMinutes = { key: 'alerts.error.throttle', vars: { max: String(MAX_THROTTLE_MINUTES) } };
  const calendar = d.calendar.length === 0 ? null : toCalendar(d.calendar);
  if (calendar === undefined) errors.calendar = { key: 'alerts.error.calendar' };
  const tellsUsers = d.userIds.length > 0 && (d.inApp || d.emailUsers);
  if (!tellsUsers && emails.length === 0 && d.webhookIds.length === 0)
    errors.recipients = { key: 'alerts.error.recipients' };
  if (Object.keys(errors).length > 0 || calendar === undefined) return { errors };
  return {
    rule: {
      name,
      enabled: d.enabled,
      eventTypes: d.eventTypes,
      severities: d.severities,
      geofenceIds: d.geofenceIds,
      vehicleIds: d.vehicleIds,
      vehicleCategories: d.vehicleCategories,
      driverIds: d.driverIds,
      parcelCodes: [...new Set(parcelCodes)],
      calendar,
      userIds: d.userIds,
      emails: [...new Set(emails)],
      webhookIds: d.webhookIds,
      inApp: d.inApp,
      emailUsers: d.emailUsers,
      throttleMinutes: throttle,
      digest: d.digest,
    },
  };
}
