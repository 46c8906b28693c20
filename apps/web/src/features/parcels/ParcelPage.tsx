'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, Card, PageHeader, Spinner } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { useLiveStream } from '@/lib/live-stream';
import { formatCep } from './cep';
import { getParcel } from './parcels.api';
import { StatusBadge } from './StatusBadge';
import '@/styles/fleet.css';
import './parcels.css';

const place = (city: string | null, uf: string | null) => [city, uf].filter(Boolean).join(' / ') || '—';

/** One parcel: its facts and its tracking timeline, newest first, refreshed live when it changes. */
export function ParcelPage({ code }: { code: string }) {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const parcel = useLoad(`${code}|${version}`, (signal) => getParcel(code, signal));
  useLiveStream('/api/live/parcels', (event) => {
    if (event.event !== 'parcels') return;
    const { changes } = JSON.parse(event.data) as { changes?: { trackingCode: string }[] };
    if (changes?.some((change) => change.trackingCode === parcel.data?.trackingCode))
      setVersion((v) => v + 1);
  });

  const back = (
    <Link className="back-link" href="/parcels">
      {t('parcels.detail.back')}
    </Link>
  );
  if (parcel.error) {
    return (
      <>
        {back}
        <Alert>{errorMessage(parcel.error)}</Alert>
      </>
    );
  }
  const data = parcel.data;
  if (!data) return <Spinner label={t('common.loading')} />;
  const timeline = [...data.timeline].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));

  return (
    <>
      {back}
      <PageHeader
        title={data.trackingCode}
        actions={
          <span className="parcel-status">
            <StatusBadge status={data.status} label={data.statusLabel} />
            {data.late && <span className="late-flag">{t('parcels.late')}</span>}
          </span>
        }
      />
      <Card className="parcels-card">
        <dl className="parcel-facts">
          <div>
            <dt>{t('parcels.detail.route')}</dt>
            <dd>
              {place(data.senderCity, data.senderUf)} → {place(data.recipientCity, data.recipientUf)}
            </dd>
          </div>
          <div>
            <dt>{t('parcels.detail.cep')}</dt>
            <dd>{formatCep(data.recipientCep)}</dd>
          </div>
          <div>
            <dt>{t('parcels.detail.service')}</dt>
            <dd>{data.service ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('parcels.detail.weight')}</dt>
            <dd>
              {data.weightKg === null
                ? '—'
                : `${format.number(data.weightKg, { maximumFractionDigits: 3 })} kg`}
            </dd>
          </div>
          <div>
            <dt>{t('parcels.detail.posted')}</dt>
            <dd>{format.dateTime(data.postedAt)}</dd>
          </div>
          <div>
            <dt>{t('parcels.detail.expected')}</dt>
            <dd>{format.date(data.expectedAt)}</dd>
          </div>
          <div>
            <dt>{t('parcels.detail.delivered')}</dt>
            <dd>{format.dateTime(data.deliveredAt)}</dd>
          </div>
        </dl>
      </Card>
      <Card title={t('parcels.detail.timeline')} className="parcels-card">
        {timeline.length === 0 ? (
          <p className="cell-muted">{t('parcels.detail.noEvents')}</p>
        ) : (
          <ol className="timeline">
            {timeline.map((event) => (
              <li key={`${event.status}|${event.occurredAt}`}>
                <div className="timeline__head">
                  <StatusBadge status={event.status} label={event.statusLabel} />
                  <time className="timeline__when" dateTime={event.occurredAt}>
                    {format.dateTime(event.occurredAt)}
                  </time>
                  <span className="cell-muted">{t('parcels.detail.source', { source: event.source })}</span>
                </div>
                <p className="timeline__where">
                  {[event.facility, place(event.city, event.uf)]
                    .filter((part) => part && part !== '—')
                    .join(' · ') || '—'}
                  {event.description && <span className="cell-muted"> — {event.description}</span>}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}
