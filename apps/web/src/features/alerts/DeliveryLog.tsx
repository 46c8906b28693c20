'use client';

import { useState } from 'react';
import { Alert, Badge, Card, DataTable, Pagination, SelectField } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useEventTypeLabel } from '@/lib/event-type-labels';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type MessageKey, useT } from '@/lib/i18n';
import {
  type AlertChannel,
  type Delivery,
  type DeliveryStatus,
  listDeliveries,
  searchRecipients,
  type WebhookEndpoint,
} from './alerts.api';

const STATUS_TONE = {
  pending: 'info',
  sent: 'good',
  failed: 'warning',
  dead: 'bad',
} as const satisfies Record<DeliveryStatus, string>;
const CHANNELS = Object.keys({ in_app: 1, email: 1, webhook: 1 } satisfies Record<
  AlertChannel,
  1
>) as AlertChannel[];
const STATUSES = Object.keys(STATUS_TONE) as DeliveryStatus[];
const PAGE_SIZES = [20, 50, 100];

/** The delivery log: every alert sent or being tried, newest first, filtered by status and channel. */
export function DeliveryLog({ endpoints, version }: { endpoints: WebhookEndpoint[]; version: number }) {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const typeLabel = useEventTypeLabel();
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [channel, setChannel] = useState<AlertChannel | ''>('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);
  const log = useLoad(`${version}:${status}:${channel}:${page}:${pageSize}`, (signal) =>
    listDeliveries({ page, pageSize, status: status || undefined, channel: channel || undefined }, signal),
  );
  const people = useLoad('recipients', (signal) => searchRecipients('', signal, 200));
  const userName = (id: string) => people.data?.items.find((u) => u.id === id)?.name ?? id;

  const recipient = (d: Delivery) => {
    if (d.channel === 'webhook') return endpoints.find((e) => e.id === d.recipient)?.name ?? d.recipient;
    if (d.channel === 'in_app') return userName(d.recipient);
    return d.recipient.startsWith('user:') ? userName(d.recipient.slice(5)) : d.recipient;
  };
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <Card title={t('alerts.deliveries.title')}>
      <div className="alerts-filters">
        <SelectField
          label={t('alerts.deliveries.status')}
          value={status}
          options={[
            { value: '', label: t('common.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`alerts.status.${s}` as MessageKey) })),
          ]}
          onChange={(e) => filter(() => setStatus(e.target.value as DeliveryStatus | ''))}
        />
        <SelectField
          label={t('alerts.deliveries.channel')}
          value={channel}
          options={[
            { value: '', label: t('common.all') },
            ...CHANNELS.map((c) => ({ value: c, label: t(`alerts.channel.${c}` as MessageKey) })),
          ]}
          onChange={(e) => filter(() => setChannel(e.target.value as AlertChannel | ''))}
        />
      </div>
      {log.error !== null && <Alert>{errorMessage(log.error)}</Alert>}
      <DataTable<Delivery>
        caption={t('alerts.deliveries.title')}
        rows={log.data?.items ?? []}
        rowKey={(d) => d.id}
        loading={log.loading}
        empty={t(status || channel ? 'alerts.deliveries.emptyFiltered' : 'alerts.deliveries.empty')}
        columns={[
          { key: 'when', header: t('alerts.deliveries.when'), render: (d) => format.dateTime(d.createdAt) },
          {
            key: 'rule',
            header: t('alerts.deliveries.rule'),
            render: (d) => <span className="cell-wrap">{d.ruleName}</span>,
          },
          {
            key: 'event',
            header: t('alerts.deliveries.event'),
            render: (d) => (
              <span className="cell-wrap">
                {d.eventType ? typeLabel(d.eventType, null) : '—'}
                <span className="cell-muted"> · {format.dateTime(d.occurredAt)}</span>
              </span>
            ),
          },
          {
            key: 'channel',
            header: t('alerts.deliveries.channel'),
            render: (d) => t(`alerts.channel.${d.channel}` as MessageKey),
          },
          {
            key: 'to',
            header: t('alerts.deliveries.to'),
            render: (d) => <span className="cell-wrap">{recipient(d)}</span>,
          },
          {
            key: 'status',
            header: t('alerts.deliveries.status'),
            render: (d) => (
              <Badge tone={STATUS_TONE[d.status]}>{t(`alerts.status.${d.status}` as MessageKey)}</Badge>
            ),
          },
          { key: 'tries', header: t('alerts.deliveries.tries'), align: 'end', render: (d) => d.attempts },
          {
            key: 'code',
            header: t('alerts.deliveries.code'),
            align: 'end',
            render: (d) => (
              <span title={d.lastError ?? undefined}>{d.lastResponseCode ?? (d.lastError ? '✕' : '—')}</span>
            ),
          },
          {
            key: 'last',
            header: t('alerts.deliveries.last'),
            render: (d) => format.dateTime(d.sentAt ?? d.lastAttemptAt),
          },
        ]}
        footer={
          log.data && log.data.total > 0 ? (
            <Pagination
              page={page}
              pageSize={pageSize}
              total={log.data.total}
              pageSizes={PAGE_SIZES}
              onPageChange={setPage}
              onPageSizeChange={(size) => filter(() => setPageSize(size))}
            />
          ) : undefined
        }
      />
    </Card>
  );
}
