'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Alert, Card, PageHeader, Spinner } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { resolvePeriod } from '@/lib/period';
import { DriverSearch } from '../drivers/DriverSearch';
import { useDebounced, useDriverSearch } from '../drivers/useDriverSearch';
import { ScoreBar } from '../ranking/ScoreBar';
import { useRanking } from '../ranking/useRanking';
import '@/styles/fleet.css';

const TOP = 5;

/** "Infrações": a way in — pick a driver, or start from the drivers with the highest scores. */
export function InfractionsHome() {
  const t = useT();
  const router = useRouter();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const drivers = useDriverSearch(search, 1, 8);
  const [period] = useState(() => resolvePeriod('30d', format.timeZone));
  const top = useRanking(period, format.timeZone, 1, TOP, '-score');
  const max = Math.max(1, ...(top.data?.items.map((row) => row.score) ?? []));

  return (
    <>
      <PageHeader title={t('infractions.title')} subtitle={t('infractions.subtitle')} />
      <div className="grid-2">
        <Card title={t('infractions.pickDriver')}>
          {drivers.error !== null && <Alert>{errorMessage(drivers.error)}</Alert>}
          <DriverSearch
            value={text}
            onValueChange={setText}
            drivers={search ? (drivers.data?.items ?? []) : []}
            loading={drivers.loading && search !== ''}
            onPick={(driver) => router.push(`/drivers/${driver.id}`)}
          />
        </Card>
        <Card
          title={t('infractions.topDrivers')}
          actions={<Link href="/ranking">{t('infractions.seeRanking')}</Link>}
        >
          {top.error !== null && <Alert>{errorMessage(top.error)}</Alert>}
          {top.loading && !top.data && <Spinner label={t('common.loading')} />}
          {top.data?.items.length === 0 && <p className="cell-muted">{t('ranking.empty')}</p>}
          <ol className="top-drivers">
            {top.data?.items.map((row) => (
              <li key={row.driver.id}>
                <span className={`position ${row.position <= 3 ? 'position--podium' : ''}`}>
                  {row.position}
                </span>
                <Link href={`/drivers/${row.driver.id}`}>{row.driver.name}</Link>
                <ScoreBar score={row.score} max={max} />
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </>
  );
}
