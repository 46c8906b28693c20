import {
  RULE_CATEGORIES,
  type RuleAuditEntry,
  type RuleCategory,
  type RuleSettings,
  type RuleSettingsChange,
} from '@pioneira/contracts';
import { badRequest, notFound, offsetOf, type Page, type PageRequest, type Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { SettingsBook } from './resolve';
import { settingsRepository as repo, type ScopeRow } from './settings.repository';

export interface ScopeView {
  settings: Record<string, unknown>;
  effective: RuleSettings;
  updatedAt: Date | null;
}

/** Applies a change: null removes a key (the scope below applies again), a value sets it. */
function applyChange(current: Record<string, unknown>, change: RuleSettingsChange): Record<string, unknown> {
  const next = { ...current };
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

/** What the schema cannot say: a real time zone, windows that are not empty. */
function checkMeaning(settings: Record<string, unknown>): void {
  if (typeof settings.timeZone === 'string') {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone });
    } catch {
      throw badRequest(
        'invalid_time_zone',
        `"${settings.timeZone}" is not an IANA time zone such as America/Sao_Paulo.`,
      );
    }
  }
  const windows = settings.allowedHours as Array<{ from: string; to: string }> | null | undefined;
  for (const w of windows ?? [])
    if (w.from === w.to)
      throw badRequest(
        'empty_window',
        `An allowed window from ${w.from} to ${w.to} is empty; use 00:00 to 24:00 for a whole day.`,
      );
}

/**
 * Rule settings as admins and managers edit them: the defaults, each vehicle category, each
 * vehicle (and its category). Every change is validated against the merged result and recorded in
 * the audit with who made it, before and after, in the transaction that makes it.
 */
export class RuleSettingsService {
  constructor(private readonly sql: Sql) {}

  async overview(): Promise<{ defaults: ScopeView; categories: Record<RuleCategory, ScopeView> }> {
    const rows = await repo.scopes(this.sql);
    const book = new SettingsBook(rows as never);
    const find = (scope: string, key: string) => rows.find((r) => r.scope === scope && r.scope_key === key);
    const view = (row: ScopeRow | undefined, category: RuleCategory): ScopeView => ({
      settings: row?.settings ?? {},
      effective: book.for(category, null),
      updatedAt: row?.updated_at ?? null,
    });
    const defaults = find('default', 'default');
    return {
      defaults: {
        settings: defaults?.settings ?? {},
        effective: new SettingsBook(defaults ? [defaults as never] : []).for('-', null),
        updatedAt: defaults?.updated_at ?? null,
      },
      categories: Object.fromEntries(RULE_CATEGORIES.map((c) => [c, view(find('category', c), c)])) as Record<
        RuleCategory,
        ScopeView
      >,
    };
  }

  async changeDefaults(change: RuleSettingsChange, by: string) {
    await this.changeScope('default', 'default', change, by, () => RULE_CATEGORIES.map((c) => [c, null]));
    return this.overview();
  }

  async changeCategory(category: RuleCategory, change: RuleSettingsChange, by: string) {
    await this.changeScope('category', category, change, by, () => [[category, null]]);
    return (await this.overview()).categories[category];
  }

  async vehicle(id: string) {
    const vehicle = await repo.vehicle(this.sql, id);
    if (!vehicle) throw notFound('Vehicle');
    const row = await repo.vehicleSettings(this.sql, id);
    const book = new SettingsBook([...(await repo.scopes(this.sql)), ...(row ? [row] : [])] as never);
    return {
      vehicleId: String(vehicle.id),
      category: vehicle.category as RuleCategory,
      settings: row?.settings ?? {},
      effective: book.for(vehicle.category, String(vehicle.id)),
      updatedAt: row?.updated_at ?? null,
    };
  }

  async changeVehicle(
    id: string,
    change: { category?: RuleCategory; settings?: RuleSettingsChange },
    by: string,
  ) {
    if (change.category === undefined && (!change.settings || Object.keys(change.settings).length === 0))
      throw badRequest('nothing_to_change', 'Send a category, settings, or both.');
    await this.sql.begin(async (tx) => {
      const vehicle = await repo.vehicle(tx, id, true);
      if (!vehicle) throw notFound('Vehicle');
      const category = change.category ?? vehicle.category;
      if (change.category !== undefined && change.category !== vehicle.category) {
        await repo.setCategory(tx, id, change.category);
        await repo.audit(tx, {
          scope: 'vehicle-category',
          key: id,
          by,
          before: vehicle.category,
          after: change.category,
        });
      }
      if (change.settings && Object.keys(change.settings).length > 0)
        await this.changeScopeIn(tx, 'vehicle', id, change.settings, by, () => [[category, id]]);
    });
    return this.vehicle(id);
  }

  async audit(filter: { scope?: string; key?: string }, page: PageRequest): Promise<Page<RuleAuditEntry>> {
    const { rows, total } = await repo.auditPage(this.sql, filter, page.pageSize, offsetOf(page));
    return {
      items: rows.map((r) => ({
        id: r.id,
        scope: r.scope,
        scopeKey: r.scope_key,
        changedBy: r.changed_by ? { id: r.changed_by, name: r.changed_by_name } : null,
        changedAt: r.changed_at.toISOString(),
        before: r.before,
        after: r.after,
      })),
      total,
      ...page,
    };
  }

  private changeScope(
    scope: string,
    key: string,
    change: RuleSettingsChange,
    by: string,
    affected: () => Array<[string, string | null]>,
  ) {
    return this.sql.begin((tx) => this.changeScopeIn(tx, scope, key, change, by, affected));
  }

  private async changeScopeIn(
    tx: Queryable,
    scope: string,
    key: string,
    change: RuleSettingsChange,
    by: string,
    affected: () => Array<[string, string | null]>,
  ) {
    const row = await repo.lockScope(tx, scope, key);
    const next = applyChange(row.settings, change);
    checkMeaning(next);
    // Every (category, vehicle) this scope feeds must still resolve to a full, valid set.
    const others = (await tx<ScopeRow[]>`
      SELECT scope, scope_key, settings, updated_at FROM rule_settings
      WHERE NOT (scope = ${scope} AND scope_key = ${key}) AND (scope <> 'vehicle' OR scope_key = ${key})`) as ScopeRow[];
    const book = new SettingsBook([...others, { ...row, settings: next }] as never);
    for (const [category, vehicle] of affected()) {
      try {
        book.for(category, vehicle);
      } catch (error) {
        throw badRequest('invalid_settings', String((error as Error).message));
      }
    }
    await repo.saveScope(tx, scope, key, next, by);
    await repo.audit(tx, { scope, key, by, before: row.settings, after: next });
  }
}
