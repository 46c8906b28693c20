import Link from 'next/link';
import type { Column } from '@/components';
import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import type { Parcel } from './parcels.api';
import { SORTABLE_PARCEL_COLUMNS } from './parcels-query';
import { StatusBadge } from './StatusBadge';

const place = (city: string | null, uf: string | null) => [city, uf].filter(Boolean).join(' / ') || '—';

export function parcelColumns(t: Translate, format: Formatters): Column<Parcel>[] {
  const sortable = (key: string) => (SORTABLE_PARCEL_COLUMNS as readonly string[]).includes(key);
  const columns: Column<Parcel>[] = [
    {
      key: 'trackingCode',
      header: t('parcels.table.code'),
      render: (parcel) => (
        <Link className="parcel-code" href={`/parcels/${encodeURIComponent(parcel.trackingCode)}`}>
          {parcel.trackingCode}
        </Link>
      ),
    },
    {
      key: 'status',
      header: t('parcels.table.status'),
      render: (parcel) => (
        <span className="parcel-status">
          <StatusBadge status={parcel.status} label={parcel.statusLabel} />
          {parcel.late && <span className="late-flag">{t('parcels.late')}</span>}
        </span>
      ),
    },
    {
      key: 'route',
      header: t('parcels.table.route'),
      render: (parcel) => (
        <span className="parcel-route">
          <span>{place(parcel.senderCity, parcel.senderUf)}</span>{' '}
          <span>→ {place(parcel.recipientCity, parcel.recipientUf)}</span>
        </span>
      ),
    },
    {
      key: 'service',
      header: t('parcels.table.service'),
      render: (parcel) => <span className="nowrap">{parcel.service ?? '—'}</span>,
    },
    {
      key: 'postedAt',
      header: t('parcels.table.posted'),
      render: (parcel) => format.dateTime(parcel.postedAt),
    },
    {
      key: 'expectedAt',
      header: t('parcels.table.expected'),
      render: (parcel) => <span className="nowrap">{format.date(parcel.expectedAt)}</span>,
    },
    {
      key: 'statusAt',
      header: t('parcels.table.updated'),
      render: (parcel) => format.dateTime(parcel.statusAt),
    },
  ];
  return columns.map((column) => ({ ...column, sortable: sortable(column.key) }));
}
