'use client';

import { Card } from '@/components';
import { ColumnChart } from '@/components/ColumnChart';
import { useFormat } from '@/lib/format';
import { useI18n, useT } from '@/lib/i18n';
import { addDays } from '@/lib/period';
import { BarList } from './BarList';
import type { ParcelStats } from './parcels.api';

const MAX_DAYS = 120;
const TOP_UFS = 10;
const STATUS_FILL: Record<string, string> = {
  delivered: 'chart-fill--primary',
  returned: 'chart-fill--bad',
  lost: 'chart-fill--bad',
  delivery_failed: 'chart-fill--warning',
  awaiting_pickup: 'chart-fill--warning',
};

/** Posted and delivered per day, parcels by status and by recipient state, for the period. */
export function ParcelsCharts({ stats, from, to }: { stats: ParcelStats; from: string; to: string }) {
  const t = useT();
  const format = useFormat();
  const { locale } = useI18n();
  if (stats.kpis.total === 0 && stats.byDay.length === 0) return null;

  const perDay = new Map(stats.byDay.map((row) => [row.day, row]));
  const days: string[] = [];
  for (let day = from; day <= to && days.length < MAX_DAYS; day = addDays(day, 1)) days.push(day);
  const dayLabel = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  const label = (day: string) => dayLabel.format(new Date(`${day}T12:00:00Z`));
  const byUf = [...stats.byUf].sort((a, b) => b.total - a.total).slice(0, TOP_UFS);

  return (
    <Card title={t('parcels.charts.title')} className="chart-card">
      <div className="chart-grid">
        <ColumnChart
          title={t('parcels.charts.byDay')}
          grouped
          legend={[
            { label: t('parcels.charts.posted'), className: 'chart-fill--info' },
            { label: t('parcels.charts.delivered'), className: 'chart-fill--primary' },
          ]}
          columns={days.map((day) => {
            const row = perDay.get(day);
            const posted = row?.posted ?? 0;
            const delivered = row?.delivered ?? 0;
            return {
              key: day,
              label: label(day),
              title: t('parcels.charts.dayTitle', { day: label(day), posted, delivered }),
              segments: [
                { value: posted, className: 'chart-fill--info' },
                { value: delivered, className: 'chart-fill--primary' },
              ],
            };
          })}
        />
        <BarList
          title={t('parcels.charts.byStatus')}
          bars={stats.byStatus.map((row) => ({
            key: row.status ?? 'none',
            label: row.status ? t(`parcels.status.${row.status}`) : t('parcels.noStatus'),
            value: row.count,
            display: format.number(row.count),
            className: STATUS_FILL[row.status ?? ''] ?? 'chart-fill--info',
          }))}
        />
        <BarList
          title={t('parcels.charts.byUf')}
          bars={byUf.map((row) => ({
            key: row.uf ?? 'none',
            label:
              row.onTimeRate === null
                ? (row.uf ?? '—')
                : t('parcels.charts.ufOnTime', {
                    uf: row.uf ?? '—',
                    rate: format.number(row.onTimeRate, { style: 'percent', maximumFractionDigits: 0 }),
                  }),
            value: row.total,
            display: format.number(row.total),
            className: row.late > 0 ? 'chart-fill--warning' : 'chart-fill--primary',
          }))}
        />
      </div>
    </Card>
  );
}
