'use client';

import { Kpi } from '@/components';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import type { ParcelStats } from './parcels.api';

/** Delivery hours as "36 h" or "2,5 dias" — days read better past two of them. */
function useHours() {
  const t = useT();
  const format = useFormat();
  return (hours: number | null) => {
    if (hours === null) return '—';
    if (hours < 48) return t('parcels.hours', { value: format.number(hours, { maximumFractionDigits: 1 }) });
    return t('parcels.days', { value: format.number(hours / 24, { maximumFractionDigits: 1 }) });
  };
}

/** The period's key figures. */
export function ParcelsKpis({ stats }: { stats: ParcelStats }) {
  const t = useT();
  const format = useFormat();
  const hours = useHours();
  const { kpis } = stats;
  const rate = kpis.onTimeRate;
  return (
    <div className="kpi-row parcels-kpis">
      <Kpi label={t('parcels.kpi.inTransit')} value={format.number(kpis.inTransit)} tone="neutral" />
      <Kpi
        label={t('parcels.kpi.noStatus')}
        value={format.number(kpis.noStatus)}
        hint={t('parcels.kpi.noStatusHint')}
        tone="neutral"
      />
      <Kpi
        label={t('parcels.kpi.delivered')}
        value={format.number(kpis.delivered)}
        hint={t('parcels.kpi.ofTotal', { total: format.number(kpis.total) })}
        tone="good"
      />
      <Kpi
        label={t('parcels.kpi.late')}
        value={format.number(kpis.late)}
        tone={kpis.late > 0 ? 'bad' : 'good'}
      />
      <Kpi
        label={t('parcels.kpi.deliveryTime')}
        value={hours(kpis.deliveryHoursP50)}
        hint={t('parcels.kpi.p90', { value: hours(kpis.deliveryHoursP90) })}
      />
      <Kpi
        label={t('parcels.kpi.onTime')}
        value={rate === null ? '—' : format.number(rate, { style: 'percent', maximumFractionDigits: 1 })}
        hint={t('parcels.kpi.onTimeOf', {
          onTime: format.number(kpis.onTime),
          decided: format.number(kpis.withDeadline),
        })}
        tone={rate === null ? 'neutral' : rate >= 0.9 ? 'good' : rate >= 0.75 ? 'warning' : 'bad'}
      />
    </div>
  );
}
