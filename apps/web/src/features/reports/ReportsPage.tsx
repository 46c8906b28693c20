'use client';

import { useState } from 'react';
import { Alert, Card, DataTable, Kpi, PageHeader, Pagination, SelectField } from '@/components';
import { ColumnChart } from '@/components/ColumnChart';
import { PeriodPicker } from '@/components/PeriodPicker';
import { saveBlob } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useQueryState } from '@/lib/hooks/useQueryState';
import { useT } from '@/lib/i18n';
import { readPeriod, writePeriod } from '@/lib/period';
import type { TrackPoint } from '../map/map.api';
import { ReportsMap } from './ReportsMap';
import { stopColumns, summaryColumns, tripColumns } from './report-columns';
import { duration, km } from './report-format';
import { tablePdf } from './report-pdf';
import { reportPdfContent } from './report-pdf-content';
import { downloadReport, getTripTrack, type ReportQuery, type ReportSubject } from './reports.api';
import { useReports, useSubjects } from './useReports';
import '@/styles/fleet.css';
import '@/styles/reports.css';
import type { BaseMap } from '../map/base-map';
import { GeofenceVisits } from './GeofenceVisits';

const KINDS = ['summary', 'trips', 'stops'] as const;
type Kind = (typeof KINDS)[number];
const PAGE_SIZE = 25;
const COMPANY_TIME_ZONE = 'America/Sao_Paulo';

function readSubject(params: URLSearchParams): ReportSubject {
  const vehicle = params.get('vehicle');
  const driver = params.get('driver');
  if (vehicle) return { kind: 'vehicle', id: vehicle };
  if (driver) return { kind: 'driver', id: driver };
  return { kind: 'fleet' };
}

/** "Relatórios": trips, stops and summaries of a vehicle, a driver or the fleet over a period. */
export function ReportsPage({ baseMap }: { baseMap: BaseMap }) {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const { params, replace } = useQueryState();
  const kind: Kind = KINDS.find((k) => k === params.get('report')) ?? 'summary';
  const subject = readSubject(params);
  const period = readPeriod(params, format.timeZone, '7d');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query: ReportQuery = {
    subject,
    from: period.from,
    to: period.to,
    tz: format.timeZone,
    page,
    pageSize: PAGE_SIZE,
  };
  const { trips, stops, summary, daily } = useReports(kind, query);
  const subjects = useSubjects();
  const [selected, setSelected] = useState<{ tripId: string | null; stopId: string | null }>({
    tripId: null,
    stopId: null,
  });
  const [track, setTrack] = useState<TrackPoint[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);

  const edit = (change: (q: URLSearchParams) => void) => {
    setSelected({ tripId: null, stopId: null });
    setTrack(null);
    replace((q) => {
      change(q);
      q.delete('page');
    });
  };
  const chooseSubject = (kindOf: 'fleet' | 'vehicle' | 'driver', id = '') =>
    edit((q) => {
      q.delete('vehicle');
      q.delete('driver');
      if (kindOf !== 'fleet')
        q.set(
          kindOf,
          id ||
            (kindOf === 'vehicle'
              ? (subjects.vehicles.data?.[0]?.id ?? '')
              : (subjects.drivers.data?.[0]?.id ?? '')),
        );
    });
  const showTrip = async (id: string) => {
    setSelected({ tripId: id, stopId: null });
    try {
      setTrack((await getTripTrack(id)).points);
    } catch (error) {
      setFailure(error);
    }
  };
  const exportTable = async (format: 'csv' | 'xlsx') => {
    setExporting(true);
    try {
      await downloadReport(kind, { ...query, page: undefined, pageSize: undefined }, format);
    } catch (error) {
      setFailure(error);
    } finally {
      setExporting(false);
    }
  };

  const exportPdf = async () => {
    setExporting(true);
    try {
      const subtitle = `${format.date(`${period.from}T12:00:00Z`)} – ${format.date(`${period.to}T12:00:00Z`)}`;
      const content = await reportPdfContent(kind, query, t, format, subtitle);
      saveBlob(await tablePdf(content), content.fileName);
    } catch (error) {
      setFailure(error);
    } finally {
      setExporting(false);
    }
  };

  const totals = summary.data?.totals;
  const error = failure ?? summary.error ?? trips.error ?? stops.error ?? daily.error;
  const needsSubject = kind !== 'summary' && subject.kind === 'fleet';
  const columns = (daily.data?.items ?? []).map((day) => ({
    key: day.day,
    label: format.date(`${day.day}T12:00:00Z`),
    title: t('reports.dayKm', {
      day: day.day,
      km: format.number(day.distanceKm, { maximumFractionDigits: 1 }),
    }),
    segments: [{ value: Math.round(day.distanceKm), className: 'chart-fill--primary' }],
  }));

  return (
    <>
      <PageHeader title={t('reports.title')} subtitle={t('reports.subtitle')} />
      <search className="toolbar infraction-filters">
        <SelectField
          label={t('reports.kind')}
          value={kind}
          onChange={(event) => edit((q) => q.set('report', event.target.value))}
          options={KINDS.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
        />
        <SelectField
          label={t('reports.subject')}
          value={subject.kind}
          onChange={(event) => chooseSubject(event.target.value as 'fleet' | 'vehicle' | 'driver')}
          options={(['fleet', 'vehicle', 'driver'] as const).map((k) => ({
            value: k,
            label: t(`reports.subject.${k}`),
          }))}
        />
        {subject.kind === 'vehicle' && (
          <SelectField
            label={t('reports.vehicle')}
            value={subject.id}
            onChange={(event) => chooseSubject('vehicle', event.target.value)}
            options={(subjects.vehicles.data ?? []).map((v) => ({
              value: v.id,
              label: v.plate ?? v.description,
            }))}
          />
        )}
        {subject.kind === 'driver' && (
          <SelectField
            label={t('reports.driver')}
            value={subject.id}
            onChange={(event) => chooseSubject('driver', event.target.value)}
            options={(subjects.drivers.data ?? []).map((d) => ({ value: d.id, label: d.name }))}
          />
        )}
        <PeriodPicker
          period={period}
          timeZone={format.timeZone}
          onChange={(next) => edit((q) => writePeriod(q, next, '7d'))}
        />
        <div className="reports-actions">
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => exportTable('csv')}
            disabled={exporting || needsSubject}
          >
            {exporting ? t('reports.exporting') : t('reports.exportCsv')}
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => exportTable('xlsx')}
            disabled={exporting || needsSubject}
          >
            {t('reports.exportXlsx')}
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={exportPdf}
            disabled={exporting || needsSubject}
          >
            {t('reports.exportPdf')}
          </button>
        </div>
      </search>
      {error !== null && error !== undefined && <Alert>{errorMessage(error)}</Alert>}
      {totals && (
        <div className="kpi-row">
          <Kpi label={t('reports.kpi.distance')} value={km(format, totals.distanceKm)} />
          <Kpi label={t('reports.kpi.driving')} value={duration(totals.drivingSeconds)} />
          <Kpi label={t('reports.kpi.idle')} value={duration(totals.idleSeconds)} />
          <Kpi label={t('reports.kpi.stopped')} value={duration(totals.stoppedSeconds)} />
          <Kpi label={t('reports.kpi.trips')} value={format.number(totals.trips)} />
          <Kpi label={t('reports.kpi.stops')} value={format.number(totals.stops)} />
        </div>
      )}
      {columns.length > 0 && <ColumnChart title={t('reports.kmPerDay')} columns={columns} />}
      {kind === 'summary' && (
        <DataTable
          caption={t('reports.kind.summary')}
          columns={summaryColumns(t, format)}
          rows={summary.data?.items ?? []}
          rowKey={(row) => `${row.subject}:${row.id}`}
          loading={summary.loading}
          empty={t('reports.empty')}
          footer={
            summary.data && summary.data.total > 0 ? (
              <>
                <p className="reports-totals">
                  {t('reports.total')}: {km(format, summary.data.totals.distanceKm)} ·{' '}
                  {duration(summary.data.totals.drivingSeconds)} · {format.number(summary.data.totals.trips)}{' '}
                  {t('reports.col.trips').toLowerCase()}
                </p>
                <Pagination
                  page={page}
                  pageSize={PAGE_SIZE}
                  total={summary.data.total}
                  onPageChange={(next) => replace((q) => q.set('page', String(next)))}
                />
              </>
            ) : undefined
          }
        />
      )}
      {needsSubject && <Alert>{t('reports.chooseSubject')}</Alert>}
      {kind !== 'summary' && !needsSubject && (
        <div className="reports-layout">
          <Card title={t(`reports.kind.${kind}`)}>
            {kind === 'trips' && (trips.data?.inProgress.length ?? 0) > 0 && (
              <ul className="reports-in-progress" aria-label={t('reports.inProgress')}>
                {trips.data?.inProgress.map((trip) => (
                  <li key={trip.deviceId}>
                    <span className="badge badge--info">{t('reports.inProgress')}</span>{' '}
                    <strong>{trip.vehicle?.plate ?? trip.vehicle?.description ?? trip.deviceId}</strong>
                    {trip.driver && ` · ${trip.driver.name}`} ·{' '}
                    {t('reports.inProgressSince', {
                      since: format.dateTime(trip.startedAt),
                      km: km(format, trip.distanceKm),
                      last: format.dateTime(trip.lastFixAt),
                    })}
                  </li>
                ))}
              </ul>
            )}
            {kind === 'trips' ? (
              <DataTable
                caption={t('reports.kind.trips')}
                columns={tripColumns(t, format, selected.tripId, (trip) => void showTrip(trip.id))}
                rows={trips.data?.items ?? []}
                rowKey={(row) => row.id}
                loading={trips.loading}
                empty={t('reports.empty')}
                footer={
                  trips.data && trips.data.total > 0 ? (
                    <Pagination
                      page={page}
                      pageSize={PAGE_SIZE}
                      total={trips.data.total}
                      onPageChange={(next) => replace((q) => q.set('page', String(next)))}
                    />
                  ) : undefined
                }
              />
            ) : (
              <DataTable
                caption={t('reports.kind.stops')}
                columns={stopColumns(t, format, selected.stopId, (stop) =>
                  setSelected({ tripId: null, stopId: stop.id }),
                )}
                rows={stops.data?.items ?? []}
                rowKey={(row) => row.id}
                loading={stops.loading}
                empty={t('reports.empty')}
                footer={
                  stops.data && stops.data.total > 200 ? (
                    <Pagination
                      page={page}
                      pageSize={200}
                      total={stops.data.total}
                      onPageChange={(next) => replace((q) => q.set('page', String(next)))}
                    />
                  ) : undefined
                }
              />
            )}
            <p className="cell-muted table-note">
              {t('reports.localTimes', { zone: format.timeZone, company: COMPANY_TIME_ZONE })}
            </p>
          </Card>
          <Card title={t('reports.map')}>
            <p className="cell-muted">{t('reports.mapHint')}</p>
            <div className="reports-map">
              <ReportsMap
                baseMap={baseMap}
                stops={stops.data?.items ?? []}
                selectedStopId={selected.stopId}
                track={track}
                label={t('reports.map')}
                onSelectStop={(id) => setSelected({ tripId: null, stopId: id })}
              />
            </div>
          </Card>
        </div>
      )}
      <GeofenceVisits query={query} />
    </>
  );
}
