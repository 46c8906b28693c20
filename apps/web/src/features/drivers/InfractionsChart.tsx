'use client';

import { Card } from '@/components';
import { useEventTypeLabel } from '@/lib/event-type-labels';
import { useT } from '@/lib/i18n';
import { SEVERITIES, type Severity } from '@/lib/severity';
import type { InfractionsPage } from '../fleet/fleet.api';
import { DayColumns } from './DayColumns';

interface Bar {
  key: string;
  label: string;
  count: number;
  severity: Severity | null;
}

/** Horizontal bars, one row per item: a list a screen reader reads as "label: count". */
function BarList({ title, bars }: { title: string; bars: readonly Bar[] }) {
  const t = useT();
  const max = Math.max(1, ...bars.map((bar) => bar.count));
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <ul className="bar-list">
        {bars.map((bar) => {
          const label = t('chart.barTitle', { label: bar.label, count: bar.count });
          return (
            <li key={bar.key} className="bar-list__row">
              <span className="bar-list__label">{bar.label}</span>
              <svg
                className="bar-list__bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                role="img"
                aria-label={label}
              >
                <title>{label}</title>
                <rect x="0" y="0" width="100" height="10" rx="2" className="bar-list__track" />
                <rect
                  x="0"
                  y="0"
                  width={(bar.count / max) * 100}
                  height="10"
                  rx="2"
                  className={`severity-fill severity-fill--${bar.severity ?? 'none'}`}
                />
              </svg>
              <span className="bar-list__count">{bar.count}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

/** The period at a glance: by severity, by type and day by day (hand-made SVG, no chart library). */
export function InfractionsChart({ data, from, to }: { data: InfractionsPage; from: string; to: string }) {
  const t = useT();
  const typeLabel = useEventTypeLabel();
  const { summary } = data;
  if (summary.total === 0) return null;
  const bySeverity = SEVERITIES.map((severity) => ({
    key: severity,
    label: t(`severity.${severity}`),
    count: summary.bySeverity[severity],
    severity,
  }));
  const byType = [...summary.byType]
    .sort((a, b) => b.count - a.count)
    .map((type) => ({
      key: type.externalId,
      label: typeLabel(type.externalId, type.label),
      count: type.count,
      severity: type.severity,
    }));
  return (
    <Card title={t('chart.title')} className="chart-card">
      <div className="chart-grid">
        <BarList title={t('chart.bySeverity')} bars={bySeverity} />
        <BarList title={t('chart.byType')} bars={byType} />
        <DayColumns title={t('chart.byDay')} from={from} to={to} byDay={summary.byDay} />
      </div>
    </Card>
  );
}
