import { badRequest, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { calendarProblem } from './calendar';
import type { AlertRule } from './rule';
import { type AlertRuleInput, alertRulesRepository as repo } from './rules.repository';

export type { AlertRuleInput } from './rules.repository';

const DEFAULTS: Omit<AlertRuleInput, 'name'> = {
  enabled: true,
  eventTypes: [],
  severities: [],
  geofenceIds: [],
  vehicleIds: [],
  vehicleCategories: [],
  driverIds: [],
  parcelCodes: [],
  calendar: null,
  userIds: [],
  emails: [],
  webhookIds: [],
  inApp: true,
  emailUsers: true,
  throttleMinutes: 0,
  digest: false,
};

const unique = <T>(items: T[]) => [...new Set(items)];

/** Alert rules: create, change, list and delete, each checked before it is stored. */
export class AlertRulesService {
  constructor(private readonly sql: Sql) {}

  list(): Promise<AlertRule[]> {
    return repo.list(this.sql);
  }

  async get(id: string): Promise<AlertRule> {
    const rule = await repo.get(this.sql, id);
    if (!rule) throw notFound('The alert rule');
    return rule;
  }

  async create(input: Partial<AlertRuleInput> & { name: string }, by: string | null): Promise<AlertRule> {
    const rule = await this.checked({ ...DEFAULTS, ...input });
    return repo.insert(this.sql, rule, by);
  }

  async update(id: string, patch: Partial<AlertRuleInput>): Promise<AlertRule> {
    const current = await this.get(id);
    const rule = await this.checked({ ...current, ...patch });
    const updated = await repo.update(this.sql, id, rule);
    if (!updated) throw notFound('The alert rule');
    return updated;
  }

  async remove(id: string): Promise<void> {
    if (!(await repo.remove(this.sql, id))) throw notFound('The alert rule');
  }

  /** The rule normalised, or a 400 that says what is wrong with it. */
  private async checked(r: AlertRuleInput): Promise<AlertRuleInput> {
    const rule: AlertRuleInput = {
      ...r,
      name: r.name.trim(),
      eventTypes: unique(r.eventTypes),
      severities: unique(r.severities),
      geofenceIds: unique(r.geofenceIds),
      vehicleIds: unique(r.vehicleIds),
      vehicleCategories: unique(r.vehicleCategories),
      driverIds: unique(r.driverIds),
      parcelCodes: unique(r.parcelCodes.map((c) => c.trim().toUpperCase())),
      userIds: unique(r.userIds),
      emails: unique(r.emails.map((e) => e.trim().toLowerCase())),
      webhookIds: unique(r.webhookIds),
    };
    if (!rule.name) throw badRequest('invalid_alert_rule', 'The rule needs a name.');
    const problem = rule.calendar && calendarProblem(rule.calendar);
    if (problem) throw badRequest('invalid_alert_rule', problem);
    const reachesUsers = rule.userIds.length > 0 && (rule.inApp || rule.emailUsers);
    if (!reachesUsers && rule.emails.length === 0 && rule.webhookIds.length === 0)
      throw badRequest(
        'invalid_alert_rule',
        'The rule has nobody to tell: add users (in the app or by e-mail), e-mail addresses or webhook endpoints.',
      );
    const checks = [
      ['users', rule.userIds, 'active users'],
      ['vehicles', rule.vehicleIds, 'vehicles'],
      ['drivers', rule.driverIds, 'drivers'],
      ['webhook_endpoints', rule.webhookIds, 'webhook endpoints'],
    ] as const;
    for (const [table, ids, what] of checks) {
      const missing = await repo.missing(this.sql, table, ids);
      if (missing.length > 0)
        throw badRequest('unknown_reference', `These ${what} do not exist: ${missing.join(', ')}.`, {
          field: table,
          missing,
        });
    }
    return rule;
  }
}
