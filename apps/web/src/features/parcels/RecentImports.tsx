'use client';

import { Badge, Card, type Column, DataTable } from '@/components';
import { type Formatters, useFormat } from '@/lib/format';
import { type Translate, useT } from '@/lib/i18n';
import { IMPORT_TONE, RejectionsButton } from './ImportProgress';
import type { ParcelImport } from './parcels.api';

function importColumns(t: Translate, format: Formatters): Column<ParcelImport>[] {
  return [
    {
      key: 'createdAt',
      header: t('parcels.imports.when'),
      render: (item) => <span className="nowrap">{format.dateTime(item.createdAt)}</span>,
    },
    { key: 'filename', header: t('parcels.imports.file'), render: (item) => item.filename },
    {
      key: 'kind',
      header: t('parcels.imports.kind'),
      render: (item) => t(`parcels.import.kind.${item.kind}`),
    },
    {
      key: 'status',
      header: t('parcels.imports.status'),
      render: (item) => (
        <Badge tone={IMPORT_TONE[item.status]}>
          {item.status === 'running'
            ? `${t('parcels.import.status.running')} ${format.number(item.percent, { maximumFractionDigits: 0 })}%`
            : t(`parcels.import.status.${item.status}`)}
        </Badge>
      ),
    },
    {
      key: 'rows',
      header: t('parcels.imports.rows'),
      align: 'end',
      render: (item) => format.number(item.rowsRead),
    },
    {
      key: 'accepted',
      header: t('parcels.imports.accepted'),
      align: 'end',
      render: (item) => format.number(item.rowsAccepted),
    },
    {
      key: 'rejected',
      header: t('parcels.imports.rejected'),
      align: 'end',
      render: (item) => format.number(item.rowsRejected),
    },
    {
      key: 'rate',
      header: t('parcels.imports.rate'),
      align: 'end',
      render: (item) => (item.rowsPerSecond ? format.number(item.rowsPerSecond) : '—'),
    },
    {
      key: 'report',
      header: t('parcels.imports.report'),
      hideHeader: true,
      render: (item) => (item.rowsRejected > 0 ? <RejectionsButton item={item} small /> : null),
    },
  ];
}

/** The latest imports, newest first. */
export function RecentImports({ items, loading }: { items: readonly ParcelImport[]; loading: boolean }) {
  const t = useT();
  const format = useFormat();
  return (
    <Card title={t('parcels.imports.title')} className="imports-card">
      <DataTable
        caption={t('parcels.imports.title')}
        columns={importColumns(t, format)}
        rows={items}
        rowKey={(item) => item.id}
        loading={loading}
        empty={t('parcels.imports.empty')}
      />
    </Card>
  );
}
