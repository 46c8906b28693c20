'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Alert, DataTable, Kpi, PageHeader, Pagination, Spinner, useToast } from '@/components';
import { useAuth } from '@/lib/auth';
import { downloadFile } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { useEventTypeLabel } from '@/lib/event-type-labels';
import { useFormat } from '@/lib/format';
import { useDayFormat } from '@/lib/hooks/useDayFormat';
import { useLoad } from '@/lib/hooks/useLoad';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useT } from '@/lib/i18n';
import { sortFromParam, sortToParam } from '@/lib/sort';
import {
  type DriverDetail,
  getScorecard,
  type InfractionQuery,
  infractionParams,
  infractionsExportPath,
} from '../fleet/fleet.api';
import { DriverAdminActions, DriverAssignments } from './DriverAdmin';
import { BackToDrivers, DriverFacts } from './DriverHeader';
import { InfractionFilters } from './InfractionFilters';
import { InfractionsChart } from './InfractionsChart';
import { infractionColumns } from './infraction-columns';
import {
  formHref,
  INFRACTION_SORT_COLUMNS,
  type InfractionSelection,
  readSelection,
  writeSelection,
} from './infractions-query';
import { useDriver, useInfractions } from './useInfractions';
import { useTypeOptions } from './useTypeOptions';
import '@/styles/fleet.css';

const PAGE_SIZE = 25;

/** A driver's facts and their infractions over a period, with filters, a chart and the form/CSV exits. */
export function DriverPage({ id }: { id: string }) {
  const t = useT();
  const typeLabel = useEventTypeLabel();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { params, replace } = useQueryState();
  const { user } = useAuth();
  const canJustify = user?.role === 'admin' || user?.role === 'manager';
  const timeZone = format.timeZone;
  const selection = readSelection(params, timeZone);
  const query: InfractionQuery = {
    from: selection.period.from,
    to: selection.period.to,
    tz: timeZone,
    types: selection.types,
    severity: selection.severity,
    sort: selection.sort,
    page: selection.page,
    pageSize: PAGE_SIZE,
  };
  const loaded = useDriver(id);
  // An edit answers with the saved driver: shown at once, without reloading the page.
  const [saved, setSaved] = useState<DriverDetail | null>(null);
  const driver = { ...loaded, data: saved ?? loaded.data };
  const infractions = useInfractions(id, query);
  const period = { from: query.from, to: query.to, tz: timeZone };
  const scorecard = useLoad(`${id}|${period.from}|${period.to}|${timeZone}`, (signal) =>
    getScorecard(id, period, signal),
  );
  const types = useTypeOptions(infractions.data?.summary.byType);
  const [exporting, setExporting] = useState(false);
  const day = useDayFormat();

  const update = (changes: Partial<InfractionSelection>) =>
    replace((next) => writeSelection(next, { ...selection, page: 1, ...changes }));

  const exportList = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      const { page: _page, pageSize: _size, ...all } = infractionParams(query);
      await downloadFile(infractionsExportPath(id, format), all, `infracoes-${id}.${format}`);
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setExporting(false);
    }
  };

  if (driver.error) {
    return (
      <>
        <BackToDrivers />
        <Alert>{errorMessage(driver.error)}</Alert>
      </>
    );
  }
  if (!driver.data) return <Spinner label={t('common.loading')} />;

  const data = infractions.data;
  const filtered = selection.types.length > 0 || selection.severity.length > 0;
  return (
    <>
      <BackToDrivers />
      <PageHeader
        title={driver.data.name}
        actions={
          <>
            <DriverAdminActions driver={driver.data} onSaved={setSaved} />
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => exportList('csv')}
              disabled={exporting}
            >
              {t(exporting ? 'infractions.exporting' : 'infractions.exportCsv')}
            </button>
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => exportList('xlsx')}
              disabled={exporting}
            >
              {t('infractions.exportXlsx')}
            </button>
            <Link className="btn btn--primary" href={formHref(id, selection, timeZone)}>
              {t('infractions.form')}
            </Link>
          </>
        }
      />
      <DriverFacts driver={driver.data} />
      <InfractionFilters selection={selection} types={types} timeZone={timeZone} onChange={update} />
      {infractions.error !== null && <Alert>{errorMessage(infractions.error)}</Alert>}
      {data && (
        <div className="kpi-row">
          <Kpi label={t('infractions.total')} value={format.number(data.summary.total)} hint={periodText()} />
          <Kpi
            label={t('infractions.points')}
            value={format.number(data.summary.points)}
            tone={data.summary.points ? 'bad' : 'good'}
          />
          {scorecard.data && (
            <>
              <Kpi
                label={t('scorecard.distance')}
                value={`${format.number(scorecard.data.distanceKm)} km`}
                hint={t('scorecard.distanceHint')}
              />
              <Kpi
                label={t('scorecard.per100Km')}
                value={
                  scorecard.data.infractionsPer100Km === null
                    ? '—'
                    : format.number(scorecard.data.infractionsPer100Km)
                }
              />
            </>
          )}
        </div>
      )}
      {data && <InfractionsChart data={data} from={selection.period.from} to={selection.period.to} />}
      <section className="infractions-card" aria-labelledby="infractions-title">
        <h2 id="infractions-title">{t('infractions.listTitle')}</h2>
        <DataTable
          caption={t('infractions.listTitle')}
          columns={infractionColumns(t, format, typeLabel, canJustify).map((c) => ({
            ...c,
            sortable: c.key in INFRACTION_SORT_COLUMNS,
          }))}
          sort={sortFromParam(selection.sort, INFRACTION_SORT_COLUMNS, '-occurredAt').state}
          onSortChange={(next) =>
            update({ sort: sortToParam(next, INFRACTION_SORT_COLUMNS) ?? '-occurredAt' })
          }
          rows={data?.items ?? []}
          rowKey={(row) => row.id}
          loading={infractions.loading}
          empty={t(filtered ? 'infractions.emptyFiltered' : 'infractions.empty')}
          footer={
            data && data.total > 0 ? (
              <Pagination
                page={selection.page}
                pageSize={PAGE_SIZE}
                total={data.total}
                onPageChange={(page) => replace((next) => writeSelection(next, { ...selection, page }))}
              />
            ) : undefined
          }
        />
        <p className="cell-muted table-note">{t('infractions.localTimes', { zone: timeZone })}</p>
      </section>
      <DriverAssignments driverId={id} />
    </>
  );

  function periodText() {
    return t('period.range', { from: day(selection.period.from), to: day(selection.period.to) });
  }
}
