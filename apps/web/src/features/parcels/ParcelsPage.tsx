'use client';

import { useCallback, useState } from 'react';
import { Alert, Badge, Card, DataTable, PageHeader, Pagination } from '@/components';
import { PeriodPicker } from '@/components/PeriodPicker';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useT } from '@/lib/i18n';
import { ImportPanel } from './ImportPanel';
import { ParcelFilters } from './ParcelFilters';
import { ParcelsCharts } from './ParcelsCharts';
import { ParcelsKpis } from './ParcelsKpis';
import { parcelColumns } from './parcel-columns';
import { getParcelStats, listParcels, type ParcelImport, parcelsSpreadsheet } from './parcels.api';
import { apiFilter, type ParcelSelection, periodRange, readSelection, writeSelection } from './parcels-query';
import { RecentImports } from './RecentImports';
import { useImports } from './useImports';
import { useParcelsLive } from './useParcelsLive';
import '@/styles/fleet.css';
import '@/styles/charts.css';
import './parcels.css';

const PAGE_SIZE = 25;

/** "Pacotes": KPIs, charts and the filterable list of the period, live; CSV imports for managers. */
export function ParcelsPage() {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const { params, replace } = useQueryState();
  const timeZone = format.timeZone;
  const selection = readSelection(params, timeZone);
  const live = useParcelsLive();
  const canImport = user?.role === 'admin' || user?.role === 'manager';
  const imports = useImports(canImport, live.version, live.progress, live.live);
  const [uploadedId, setUploadedId] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<ParcelImport | null>(null);

  const range = periodRange(selection.period, timeZone);
  const stats = useLoad(`${range.from}|${range.to}|${live.version}`, (signal) =>
    getParcelStats(range, signal),
  );
  const filter = apiFilter(selection, timeZone);
  const list = useLoad(`${JSON.stringify(filter)}|${selection.page}|${live.version}`, (signal) =>
    listParcels({ ...filter, page: selection.page, pageSize: PAGE_SIZE }, signal),
  );

  const update = useCallback(
    (changes: Partial<ParcelSelection>) =>
      replace((next) => writeSelection(next, { ...readSelection(next, timeZone), page: 1, ...changes })),
    [replace, timeZone],
  );
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const exportSheet = async () => {
    setExporting(true);
    setExportError(undefined);
    try {
      await parcelsSpreadsheet(filter);
    } catch (caught) {
      setExportError(caught);
    } finally {
      setExporting(false);
    }
  };
  const current = imports.items.find((item) => item.id === uploadedId) ?? uploaded;
  const filtered = Boolean(selection.status || selection.uf || selection.late || selection.search);

  return (
    <>
      <PageHeader
        title={t('parcels.title')}
        subtitle={t('parcels.subtitle')}
        actions={
          <>
            <button type="button" className="btn btn--ghost" onClick={exportSheet} disabled={exporting}>
              {t(exporting ? 'infractions.exporting' : 'infractions.exportXlsx')}
            </button>
            <Badge tone={live.live ? 'good' : 'neutral'}>
              <span className={`live-dot ${live.live ? 'is-live' : ''}`} aria-hidden="true" />
              {t(live.live ? 'parcels.live' : 'parcels.offline')}
            </Badge>
          </>
        }
      />
      <div className="parcels-toolbar">
        <PeriodPicker
          period={selection.period}
          timeZone={timeZone}
          onChange={(period) => update({ period })}
        />
      </div>
      {exportError !== undefined && <Alert>{errorMessage(exportError)}</Alert>}
      {stats.error !== null && <Alert>{errorMessage(stats.error)}</Alert>}
      {stats.data && <ParcelsKpis stats={stats.data} />}
      {stats.data && (
        <ParcelsCharts stats={stats.data} from={selection.period.from} to={selection.period.to} />
      )}
      <Card title={t('parcels.table.title')} className="parcels-card">
        <ParcelFilters selection={selection} onChange={update} />
        {list.error !== null && <Alert>{errorMessage(list.error)}</Alert>}
        <DataTable
          caption={t('parcels.table.title')}
          columns={parcelColumns(t, format)}
          rows={list.data?.items ?? []}
          rowKey={(parcel) => parcel.trackingCode}
          sort={{ key: selection.sort, direction: selection.direction }}
          onSortChange={(sort) =>
            update({ sort: sort.key as ParcelSelection['sort'], direction: sort.direction })
          }
          loading={list.loading && !list.data}
          empty={t(filtered ? 'parcels.table.emptyFiltered' : 'parcels.table.empty')}
          footer={
            list.data && list.data.total > 0 ? (
              <Pagination
                page={selection.page}
                pageSize={PAGE_SIZE}
                total={list.data.total}
                onPageChange={(page) => replace((next) => writeSelection(next, { ...selection, page }))}
              />
            ) : undefined
          }
        />
      </Card>
      {canImport && (
        <div className="imports-grid">
          <ImportPanel
            current={current}
            onUploaded={(created) => {
              setUploadedId(created.id);
              setUploaded(created);
              imports.reload();
            }}
          />
          <RecentImports items={imports.items} loading={imports.loading} />
        </div>
      )}
    </>
  );
}
