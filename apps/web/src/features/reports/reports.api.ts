import type { DailyReport, StopsPage, SummaryPage, Track, TripsPage } from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';
import { downloadFile } from '@/lib/download';

export type {
  DailyReport,
  DailyRow,
  Stop,
  StopsPage,
  SummaryPage,
  SummaryRow,
  Track,
  Trip,
  TripsPage,
  Vehicle,
} from '@pioneira/contracts';

/** Whose report: one vehicle, one driver, or the whole fleet (summary and daily only). */
export type ReportSubject =
  | { kind: 'vehicle'; id: string }
  | { kind: 'driver'; id: string }
  | { kind: 'fleet' };

export interface ReportQuery {
  subject: ReportSubject;
  /** Local dates (YYYY-MM-DD, `to` included) in `tz`. */
  from: string;
  to: string;
  tz: string;
  page?: number;
  pageSize?: number;
}

export const reportParams = ({ subject, ...rest }: ReportQuery) => ({
  ...rest,
  vehicleId: subject.kind === 'vehicle' ? subject.id : undefined,
  driverId: subject.kind === 'driver' ? subject.id : undefined,
});

export const getTrips = (query: ReportQuery, signal?: AbortSignal) =>
  apiFetch<TripsPage>('/api/reports/trips', { query: reportParams(query), signal });
export const getStops = (query: ReportQuery, signal?: AbortSignal) =>
  apiFetch<StopsPage>('/api/reports/stops', { query: reportParams(query), signal });
export const getSummary = (query: ReportQuery, signal?: AbortSignal) =>
  apiFetch<SummaryPage>('/api/reports/summary', { query: reportParams(query), signal });
export const getDaily = (query: Omit<ReportQuery, 'page' | 'pageSize'>, signal?: AbortSignal) =>
  apiFetch<DailyReport>('/api/reports/daily', { query: reportParams(query), signal });
export const getTripTrack = (id: string, signal?: AbortSignal) =>
  apiFetch<Track>(`/api/reports/trips/${encodeURIComponent(id)}/track`, { signal });

/**
 * Downloads a report as CSV (local dates and times apart, decimal commas, a total line) or as an XLSX
 * spreadsheet (date and number cells); the API writes both.
 */
export const downloadReport = (
  kind: 'trips' | 'stops' | 'summary',
  query: ReportQuery,
  format: 'csv' | 'xlsx' = 'csv',
) => {
  const { page: _page, pageSize: _size, ...rest } = reportParams(query);
  const names = { trips: 'viagens', stops: 'paradas', summary: 'resumo' };
  return downloadFile(`/api/reports/${kind}.${format}`, rest, `${names[kind]}.${format}`);
};

export const listVehicles = (signal?: AbortSignal) =>
  apiFetch<{ items: { id: string; plate: string | null; description: string }[] }>('/api/vehicles', {
    query: { pageSize: 200 },
    signal,
  }).then((page) => page.items);

export const listDrivers = (signal?: AbortSignal) =>
  apiFetch<{ items: { id: string; name: string }[] }>('/api/drivers', {
    query: { pageSize: 200 },
    signal,
  }).then((page) => page.items);
