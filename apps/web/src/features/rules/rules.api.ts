import type { Page, RuleAuditEntry, RuleOverview, Vehicle, VehicleRules } from '@pioneira/contracts';
import type { RuleCategory } from '@pioneira/contracts/enums';
import { apiFetch } from '@/lib/api';

export type { RuleAuditEntry, RuleOverview } from '@pioneira/contracts';

/** The scopes this page edits: the defaults and each vehicle category. */
export type RuleScope = 'default' | RuleCategory;

export const getRuleSettings = (signal?: AbortSignal) =>
  apiFetch<RuleOverview>('/api/rules/settings', { signal });

/** Sends only what changed; null removes a scope's own value (it inherits again). */
export const changeRuleSettings = (scope: RuleScope, change: Record<string, unknown>) =>
  apiFetch<unknown>(
    scope === 'default' ? '/api/rules/settings/defaults' : `/api/rules/settings/categories/${scope}`,
    {
      method: 'PATCH',
      body: change,
    },
  );

export const getRuleAudit = (scope: RuleScope, signal?: AbortSignal) =>
  apiFetch<Page<RuleAuditEntry>>('/api/rules/audit', {
    query: { scope: scope === 'default' ? 'default' : 'category', key: scope, pageSize: 5 },
    signal,
  });

export const searchVehicles = (search: string, signal?: AbortSignal) =>
  apiFetch<Page<Vehicle>>('/api/vehicles', { query: { search: search || undefined, pageSize: 20 }, signal });

export const getVehicleRules = (id: string, signal?: AbortSignal) =>
  apiFetch<VehicleRules>(`/api/rules/vehicles/${encodeURIComponent(id)}`, { signal });

/** A vehicle's own thresholds (null: inherit its category's). */
export const setVehicleSettings = (id: string, settings: Record<string, unknown>) =>
  apiFetch<VehicleRules>(`/api/rules/vehicles/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { settings },
  });

export const setVehicleCategory = (id: string, category: RuleCategory) =>
  apiFetch<VehicleRules>(`/api/rules/vehicles/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { category },
  });
