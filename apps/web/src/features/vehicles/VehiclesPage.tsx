'use client';

import Link from 'next/link';
import { useState } from 'react';
import {
  Alert,
  Badge,
  type Column,
  DataTable,
  PageHeader,
  Pagination,
  TextField,
  useToast,
} from '@/components';
import { useDebounced } from '@/features/drivers/useDriverSearch';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useLoad } from '@/lib/hooks/useLoad';
import { type Translate, useT } from '@/lib/i18n';
import { VehicleFormDialog } from './VehicleFormDialog';
import { listVehicles, type Vehicle, type VehicleSortKey } from './vehicles.api';

const PAGE_SIZE = 25;

export const vehicleLabel = (v: { plate: string | null; description: string }) => v.plate ?? v.description;

const columns = (t: Translate): Column<Vehicle, VehicleSortKey | 'driver' | 'source'>[] => [
  {
    key: 'plate',
    header: t('vehicles.col.plate'),
    sortable: true,
    render: (v) => <Link href={`/vehicles/${v.id}`}>{vehicleLabel(v)}</Link>,
  },
  { key: 'description', header: t('vehicles.col.description'), sortable: true, render: (v) => v.description },
  {
    key: 'fleetNumber',
    header: t('vehicles.col.fleetNumber'),
    sortable: true,
    render: (v) => v.fleetNumber ?? '—',
  },
  {
    key: 'driver',
    header: t('vehicles.col.driver'),
    render: (v) =>
      v.currentDriver ? (
        <Link href={`/drivers/${v.currentDriver.id}`}>{v.currentDriver.name}</Link>
      ) : (
        <span className="cell-muted">{t('vehicles.noDriver')}</span>
      ),
  },
  {
    key: 'source',
    header: t('vehicles.col.source'),
    render: (v) => <Badge>{t(v.source === 'mix' ? 'vehicles.source.mix' : 'vehicles.source.manual')}</Badge>,
  },
];

/** "Veículos": search, sortable columns, the current driver of each vehicle, and "Cadastrar veículo". */
export function VehiclesPage() {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 250);
  const [sort, setSort] = useState<{ key: VehicleSortKey; direction: 'asc' | 'desc' }>({
    key: 'plate',
    direction: 'asc',
  });
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const sortParam = `${sort.direction === 'desc' ? '-' : ''}${sort.key}`;
  const { data, loading, error } = useLoad(`${search}|${sortParam}|${page}|${version}`, (signal) =>
    listVehicles({ search: search || undefined, sort: sortParam, page, pageSize: PAGE_SIZE }, signal),
  );

  return (
    <>
      <PageHeader
        title={t('vehicles.title')}
        subtitle={t('vehicles.subtitle')}
        actions={
          canEdit && (
            <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
              {t('vehicles.create')}
            </button>
          )
        }
      />
      <search className="toolbar">
        <TextField
          className="toolbar__search"
          label={t('vehicles.search')}
          type="search"
          placeholder={t('vehicles.searchPlaceholder')}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setPage(1);
          }}
        />
      </search>
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable
        caption={t('vehicles.title')}
        columns={columns(t)}
        rows={data?.items ?? []}
        rowKey={(v) => v.id}
        sort={sort}
        onSortChange={(next) => {
          if (next.key === 'driver' || next.key === 'source') return;
          setSort({ key: next.key, direction: next.direction });
          setPage(1);
        }}
        loading={loading}
        empty={search ? t('vehicles.emptySearch', { search }) : t('vehicles.empty')}
        footer={
          data && data.total > PAGE_SIZE ? (
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} onPageChange={setPage} />
          ) : undefined
        }
      />
      <VehicleFormDialog
        open={creating}
        vehicle={null}
        onClose={() => setCreating(false)}
        onSaved={(saved) => {
          setCreating(false);
          notify(t('vehicles.created', { plate: vehicleLabel(saved) }));
          setVersion((n) => n + 1);
        }}
      />
    </>
  );
}
