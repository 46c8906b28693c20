import type { Queryable } from '@pioneira/core';
import type { AlertRule } from './rule';

/** What a caller may set on a rule (every field of a create; any of them on an update). */
export interface AlertRuleInput {
  name: string;
  enabled: boolean;
  eventTypes: string[];
  severities: string[];
  geofenceIds: string[];
  vehicleIds: string[];
  vehicleCategories: string[];
  driverIds: string[];
  parcelCodes: string[];
  calendar: AlertRule['calendar'];
  userIds: string[];
  emails: string[];
  webhookIds: string[];
  inApp: boolean;
  emailUsers: boolean;
  throttleMinutes: number;
  digest: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: a postgres.js row
const toRule = (r: any): AlertRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  eventTypes: r.event_types,
  severities: r.severities,
  geofenceIds: r.geofence_ids,
  vehicleIds: r.vehicle_ids.map(String),
  vehicleCategories: r.vehicle_categories,
  driverIds: r.driver_ids.map(String),
  parcelCodes: r.parcel_codes,
  calendar: r.calendar,
  userIds: r.user_ids,
  emails: r.emails,
  webhookIds: r.webhook_ids,
  inApp: r.in_app,
  emailUsers: r.email_users,
  throttleMinutes: r.throttle_minutes,
  digest: r.digest,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** All SQL of alert rules. */
export const alertRulesRepository = {
  async list(sql: Queryable, onlyEnabled = false): Promise<AlertRule[]> {
    const rows = await sql`
      SELECT * FROM alert_rules ${onlyEnabled ? sql`WHERE enabled` : sql``} ORDER BY lower(name), id`;
    return rows.map(toRule);
  },

  /** Changes whenever a rule is created, changed or deleted. */
  async version(sql: Queryable): Promise<string> {
    const [row] =
      await sql`SELECT count(*)::text || '|' || coalesce(max(updated_at)::text, '') AS v FROM alert_rules`;
    return row.v;
  },

  async get(sql: Queryable, id: string): Promise<AlertRule | undefined> {
    const [row] = await sql`SELECT * FROM alert_rules WHERE id = ${id}`;
    return row ? toRule(row) : undefined;
  },

  async insert(sql: Queryable, r: AlertRuleInput, by: string | null): Promise<AlertRule> {
    const [row] = await sql`
      INSERT INTO alert_rules (name, enabled, event_types, severities, geofence_ids, vehicle_ids,
        vehicle_categories, driver_ids, parcel_codes, calendar, user_ids, emails, webhook_ids, in_app, email_users, throttle_minutes, digest, created_by)
      VALUES (${r.name}, ${r.enabled}, ${r.eventTypes}::text[], ${r.severities}::text[], ${r.geofenceIds}::text[],
        ${r.vehicleIds}::bigint[], ${r.vehicleCategories}::text[], ${r.driverIds}::bigint[], ${r.parcelCodes}::text[],
        ${r.calendar === null ? null : JSON.stringify(r.calendar)}::text::jsonb, ${r.userIds}::uuid[], ${r.emails}::text[],
        ${r.webhookIds}::uuid[], ${r.inApp}, ${r.emailUsers}, ${r.throttleMinutes}, ${r.digest}, ${by})
      RETURNING *`;
    return toRule(row);
  },

  async update(sql: Queryable, id: string, r: AlertRuleInput): Promise<AlertRule | undefined> {
    const [row] = await sql`
      UPDATE alert_rules SET name = ${r.name}, enabled = ${r.enabled}, event_types = ${r.eventTypes}::text[],
        severities = ${r.severities}::text[], geofence_ids = ${r.geofenceIds}::text[],
        vehicle_ids = ${r.vehicleIds}::bigint[], vehicle_categories = ${r.vehicleCategories}::text[],
        driver_ids = ${r.driverIds}::bigint[],
        parcel_codes = ${r.parcelCodes}::text[],
        calendar = ${r.calendar === null ? null : JSON.stringify(r.calendar)}::text::jsonb, user_ids = ${r.userIds}::uuid[],
        emails = ${r.emails}::text[], webhook_ids = ${r.webhookIds}::uuid[], in_app = ${r.inApp},
        email_users = ${r.emailUsers}, throttle_minutes = ${r.throttleMinutes}, digest = ${r.digest}, updated_at = now()
      WHERE id = ${id} RETURNING *`;
    return row ? toRule(row) : undefined;
  },

  async remove(sql: Queryable, id: string): Promise<boolean> {
    const rows = await sql`DELETE FROM alert_rules WHERE id = ${id} RETURNING id`;
    return rows.length > 0;
  },

  /** The rule category of each of these vehicles (those that exist), by id. */
  async vehicleCategories(sql: Queryable, vehicleIds: string[]): Promise<Map<string, string>> {
    if (vehicleIds.length === 0) return new Map();
    const rows = await sql`
      SELECT id::text, rule_category FROM vehicles WHERE id = ANY(${vehicleIds}::bigint[])`;
    return new Map(rows.map((r) => [r.id as string, r.rule_category as string]));
  },

  /** The ids among `ids` that do not exist in `table` (users, vehicles, drivers, webhook endpoints). */
  async missing(
    sql: Queryable,
    table: 'users' | 'vehicles' | 'drivers' | 'webhook_endpoints',
    ids: string[],
  ) {
    if (ids.length === 0) return [];
    const found =
      table === 'users'
        ? await sql`SELECT id::text FROM users WHERE id = ANY(${ids}::uuid[]) AND status <> 'inactive'`
        : table === 'webhook_endpoints'
          ? await sql`SELECT id::text FROM webhook_endpoints WHERE id = ANY(${ids}::uuid[])`
          : table === 'vehicles'
            ? await sql`SELECT id::text FROM vehicles WHERE id = ANY(${ids}::bigint[])`
            : await sql`SELECT id::text FROM drivers WHERE id = ANY(${ids}::bigint[])`;
    const present = new Set(found.map((r) => r.id as string));
    return ids.filter((id) => !present.has(id));
  },
};
