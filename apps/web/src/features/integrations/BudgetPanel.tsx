'use client';

import { Card } from '@/components';
import { useFormat } from '@/lib/format';
import { usePoll } from '@/lib/hooks/usePoll';
import { type MessageKey, useT } from '@/lib/i18n';
import { type EtlBudget, getBudget } from './integrations.api';

const MINUTES = 10;
const POLL_MS = 10_000;

const STREAM_NAMES: Record<string, MessageKey> = {
  'mix.events': 'integrations.job.events',
  'mix.positions': 'integrations.job.positions',
  'mix.trips': 'integrations.job.trips',
  'mix.sync': 'integrations.job.sync',
};

/** The MiX request budget (per credential) over the last minutes: how each stream used it. */
export function BudgetPanel() {
  const t = useT();
  const format = useFormat();
  const budget = usePoll(
    'budget',
    (signal) => getBudget(MINUTES, signal),
    () => POLL_MS,
  );
  const data: EtlBudget | null = budget.data;
  if (!data) return null;
  const allowed = data.limitPerMinute * data.minutes.length;
  const used = data.streams.reduce((n, s) => n + s.requests, 0);
  return (
    <Card className="budget-panel" title={t('integrations.budget.title')}>
      <p className="job-card__about">
        {t('integrations.budget.summary', {
          used: format.number(used),
          allowed: format.number(allowed),
          minutes: format.number(data.minutes.length),
          reserve: format.number(data.liveReservePerMinute),
          limit: format.number(data.limitPerMinute),
        })}
      </p>
      <table className="budget-panel__table">
        <thead>
          <tr>
            <th scope="col">{t('integrations.budget.stream')}</th>
            <th scope="col">{t('integrations.budget.requests')}</th>
            <th scope="col">{t('integrations.budget.share')}</th>
          </tr>
        </thead>
        <tbody>
          {data.streams.map((s) => (
            <tr key={s.job}>
              <th scope="row">{STREAM_NAMES[s.job] ? t(STREAM_NAMES[s.job]) : s.job}</th>
              <td>{format.number(s.requests)}</td>
              <td>
                <meter min={0} max={1} value={s.share} aria-label={s.job} />{' '}
                {format.number(Math.round(s.share * 100))}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
