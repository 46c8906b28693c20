import type { Queryable } from '@pioneira/core';

export interface ScopeRow {
  scope: string;
  scope_key: string;
  settings: Record<string, unknown>;
  updated_at: Date | null;
}

export interface AuditRow {
  id: string;
  scope: string;
  scope_key: string;
  changed_by: string | null;
  changed_by_name: string | null;
  changed_at: Date;
  before: unknown;
  after: unknown;
}

/** rule_settings, vehicles' categories and the audit of both. */
export const settingsRepository = {
  scopes: (sql: Queryable) =>
    sql<
      ScopeRow[]
    >`SELECT scope, scope_key, settings, updated_at FROM rule_settings WHERE scope <> 'vehicle'`,

  /** The row of a scope, locked for the caller's transaction (created empty when missing). */
  async lockScope(tx: Queryable, scope: string, key: string): Promise<ScopeRow> {
    await tx`INSERT INTO rule_settings (scope, scope_key) VALUES (${scope}, ${key}) ON CONFLICT DO NOTHING`;
    const [row] = await tx<ScopeRow[]>`
      SELECT scope, scope_key, settings, updated_at FROM rule_settings
      WHERE scope = ${scope} AND scope_key = ${key} FOR UPDATE`;
    return row;
  },

  async saveScope(tx: Queryable, scope: string, key: string, settings: Record<string, unknown>, by: string) {
    const [row] = await tx<ScopeRow[]>`
      UPDATE rule_settings SET settings = ${tx.json(settings as never)}, updated_by = ${by}, updated_at = now()
      WHERE scope = ${scope} AND scope_key = ${key}
      RETURNING scope, scope_key, settings, updated_at`;
    return row;
  },

  async vehicle(sql: Queryable, id: string, lock = false) {
    const [row] = lock
      ? await sql<Array<{ id: string; category: string }>>`
          SELECT id, rule_category AS category FROM vehicles WHERE id = ${id} FOR UPDATE`
      : await sql<Array<{ id: string; category: string }>>`
          SELECT id, rule_category AS category FROM vehicles WHERE id = ${id}`;
    return row;
  },

  async vehicleSettings(sql: Queryable, id: string): Promise<ScopeRow | undefined> {
    const [row] = await sql<ScopeRow[]>`
      SELECT scope, scope_key, settings, updated_at FROM rule_settings WHERE scope = 'vehicle' AND scope_key = ${id}`;
    return row;
  },

  setCategory: (tx: Queryable, id: string, category: string) =>
    tx`UPDATE vehicles SET rule_category = ${category}, updated_at = now() WHERE id = ${id}`,

  audit: (
    tx: Queryable,
    entry: { scope: string; key: string; by: string; before: unknown; after: unknown },
  ) =>
    tx`INSERT INTO rule_settings_audit (scope, scope_key, changed_by, changed_at, before, after)
       VALUES (${entry.scope}, ${entry.key}, ${entry.by}, clock_timestamp(), ${tx.json(entry.before as never)}, ${tx.json(entry.after as never)})`,

  async auditPage(sql: Queryable, filter: { scope?: string; key?: string }, limit: number, offset: number) {
    const where = sql`
      WHERE (${filter.scope ?? null}::text IS NULL OR a.scope = ${filter.scope ?? null})
        AND (${filter.key ?? null}::text IS NULL OR a.scope_key = ${filter.key ?? null})`;
    const rows = await sql<AuditRow[]>`
      SELECT a.id::text, a.scope, a.scope_key, a.changed_by, u.name AS changed_by_name, a.changed_at, a.before, a.after
      FROM rule_settings_audit a LEFT JOIN users u ON u.id = a.changed_by
      ${where} ORDER BY a.id DESC LIMIT ${limit} OFFSET ${offset}`;
    const [{ total }] = await sql<
      { total: number }[]
    >`SELECT count(*)::int AS total FROM rule_settings_audit a ${where}`;
    return { rows, total };
  },
};
