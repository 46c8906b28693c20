'use client';

import { Badge, type Column, type SortState } from '@/components';
import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import type { AlertRule } from './alerts.api';

export type RuleSort = 'name' | 'enabled' | 'updatedAt';
export type RuleAction = 'edit' | 'toggle' | 'delete';

/** The rules in the table's order (the API lists them by name). */
export function sortRules(
  rules: readonly AlertRule[],
  sort: SortState<RuleSort>,
  locale: string,
): AlertRule[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = (a: AlertRule, b: AlertRule) => a.name.localeCompare(b.name, locale);
  const compare = {
    name: byName,
    enabled: (a: AlertRule, b: AlertRule) => Number(b.enabled) - Number(a.enabled) || byName(a, b),
    updatedAt: (a: AlertRule, b: AlertRule) =>
      String(a.updatedAt).localeCompare(String(b.updatedAt)) || byName(a, b),
  }[sort.key];
  return [...rules].sort((a, b) => sign * compare(a, b));
}

/** "2 vehicles · 1 geofence", or "any event" when the rule filters nothing. */
function what(t: Translate, r: AlertRule): string {
  const parts = [
    [r.eventTypes.length, 'alerts.count.eventTypes'],
    [r.severities.length, 'alerts.count.severities'],
    [r.geofenceIds.length, 'alerts.count.geofences'],
    [r.vehicleIds.length, 'alerts.count.vehicles'],
    [r.vehicleCategories.length, 'alerts.count.vehicleCategories'],
    [r.driverIds.length, 'alerts.count.drivers'],
    [r.parcelCodes.length, 'alerts.count.parcels'],
  ] as const;
  const shown = parts.filter(([n]) => n > 0).map(([n, key]) => t(key, { count: n }));
  return shown.length ? shown.join(' · ') : t('alerts.any.event');
}

function whom(t: Translate, r: AlertRule): string {
  const users = r.inApp || r.emailUsers ? r.userIds.length : 0;
  const parts = [
    [users, 'alerts.count.users'],
    [r.emails.length, 'alerts.count.emails'],
    [r.webhookIds.length, 'alerts.count.webhooks'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, key]) => t(key, { count: n }))
    .join(' · ');
}

export function ruleColumns(options: {
  t: Translate;
  format: Formatters;
  onAction: (action: RuleAction, rule: AlertRule) => void;
}): Column<AlertRule, RuleSort | 'what' | 'whom' | 'storm' | 'actions'>[] {
  const { t, format, onAction } = options;
  return [
    {
      key: 'name',
      header: t('alerts.col.name'),
      sortable: true,
      render: (r) => <span className="cell-strong cell-wrap">{r.name}</span>,
    },
    {
      key: 'enabled',
      header: t('alerts.col.status'),
      sortable: true,
      render: (r) => (
        <Badge tone={r.enabled ? 'good' : 'neutral'}>
          {t(r.enabled ? 'alerts.rule.enabled' : 'alerts.rule.disabled')}
        </Badge>
      ),
    },
    {
      key: 'what',
      header: t('alerts.col.what'),
      render: (r) => <span className="cell-wrap">{what(t, r)}</span>,
    },
    {
      key: 'whom',
      header: t('alerts.col.whom'),
      render: (r) => <span className="cell-wrap">{whom(t, r)}</span>,
    },
    {
      key: 'storm',
      header: t('alerts.col.storm'),
      render: (r) =>
        r.throttleMinutes > 0
          ? t(r.digest ? 'alerts.storm.digest' : 'alerts.storm.window', { minutes: r.throttleMinutes })
          : t('alerts.storm.none'),
    },
    {
      key: 'updatedAt',
      header: t('alerts.col.updated'),
      sortable: true,
      render: (r) => format.dateTime(r.updatedAt),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      render: (r) => (
        <div className="row-actions">
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label={t('alerts.rule.editNamed', { name: r.name })}
            onClick={() => onAction('edit', r)}
          >
            {t('alerts.rule.edit')}
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => onAction('toggle', r)}>
            {t(r.enabled ? 'alerts.rule.disable' : 'alerts.rule.enable')}
          </button>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            aria-label={t('alerts.rule.deleteNamed', { name: r.name })}
            onClick={() => onAction('delete', r)}
          >
            {t('alerts.rule.delete')}
          </button>
        </div>
      ),
    },
  ];
}
