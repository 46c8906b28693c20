import type { ReportsService } from '@pioneira/trips';
import { type SheetColumn, spreadsheet } from '../../../exports/spreadsheet';
import { tableCsv } from '../../../exports/table-csv';

type Trip = Awaited<ReturnType<ReportsService['trips']>>['items'][number];
type Stop = Awaited<ReturnType<ReportsService['stops']>>['items'][number];
type Summary = Awaited<ReturnType<ReportsService['summary']>>;
type SummaryRow = Summary['totals'] & { name: string };

const hours = (seconds: number | null) => (seconds === null ? null : seconds / 3600);

const TRIP_COLUMNS: SheetColumn<Trip>[] = [
  { header: 'Placa', kind: 'text', value: (t) => t.vehicle?.plate },
  { header: 'Veículo', kind: 'text', value: (t) => t.vehicle?.description },
  { header: 'Motorista', kind: 'text', value: (t) => t.driver?.name },
  { header: 'Saída', kind: 'datetime', value: (t) => t.startedAt },
  { header: 'Chegada', kind: 'datetime', value: (t) => t.endedAt },
  { header: 'Distância (km)', kind: 'decimal', value: (t) => t.distanceKm },
  { header: 'Dirigindo (h)', kind: 'decimal', value: (t) => hours(t.drivingSeconds) },
  { header: 'Ocioso (h)', kind: 'decimal', value: (t) => hours(t.idleSeconds) },
  { header: 'Vel. máx. (km/h)', kind: 'decimal', value: (t) => t.maxSpeedKmh },
  { header: 'Vel. média (km/h)', kind: 'decimal', value: (t) => t.avgSpeedKmh },
  { header: 'Origem latitude', kind: 'coordinate', value: (t) => t.start.lat },
  { header: 'Origem longitude', kind: 'coordinate', value: (t) => t.start.lon },
  { header: 'Destino latitude', kind: 'coordinate', value: (t) => t.end.lat },
  { header: 'Destino longitude', kind: 'coordinate', value: (t) => t.end.lon },
  { header: 'Fonte', kind: 'text', value: (t) => t.source },
];

const STOP_COLUMNS: SheetColumn<Stop>[] = [
  { header: 'Placa', kind: 'text', value: (s) => s.vehicle?.plate },
  { header: 'Veículo', kind: 'text', value: (s) => s.vehicle?.description },
  { header: 'Motorista', kind: 'text', value: (s) => s.driver?.name },
  { header: 'Início', kind: 'datetime', value: (s) => s.startedAt },
  { header: 'Fim', kind: 'datetime', value: (s) => s.endedAt },
  { header: 'Duração (h)', kind: 'decimal', value: (s) => hours(s.durationSeconds) },
  { header: 'Motor ligado (h)', kind: 'decimal', value: (s) => hours(s.idleSeconds) },
  { header: 'Latitude', kind: 'coordinate', value: (s) => s.lat },
  { header: 'Longitude', kind: 'coordinate', value: (s) => s.lon },
];

const SUMMARY_COLUMNS: SheetColumn<SummaryRow>[] = [
  { header: 'Veículo / motorista', kind: 'text', value: (r) => r.name, width: 32 },
  { header: 'Viagens', kind: 'integer', value: (r) => r.trips },
  { header: 'Paradas', kind: 'integer', value: (r) => r.stops },
  { header: 'Distância (km)', kind: 'decimal', value: (r) => r.distanceKm },
  { header: 'Dirigindo (h)', kind: 'decimal', value: (r) => hours(r.drivingSeconds) },
  { header: 'Ocioso (h)', kind: 'decimal', value: (r) => hours(r.idleSeconds) },
  { header: 'Parado (h)', kind: 'decimal', value: (r) => hours(r.stoppedSeconds) },
  { header: 'Vel. máx. (km/h)', kind: 'decimal', value: (r) => r.maxSpeedKmh },
  { header: 'Vel. média (km/h)', kind: 'decimal', value: (r) => r.avgSpeedKmh },
  { header: 'Primeira saída', kind: 'datetime', value: (r) => r.firstDepartureAt },
  { header: 'Última chegada', kind: 'datetime', value: (r) => r.lastArrivalAt },
  { header: 'Hodômetro inicial (km)', kind: 'decimal', value: (r) => r.odometerStartKm },
  { header: 'Hodômetro final (km)', kind: 'decimal', value: (r) => r.odometerEndKm },
  { header: 'Horas de motor', kind: 'decimal', value: (r) => r.engineHours },
  { header: 'Combustível (L)', kind: 'decimal', value: (r) => r.fuelUsedLitres },
];

const summaryRows = (summary: Summary): SummaryRow[] => [
  ...summary.items,
  { ...summary.totals, name: 'Total' },
];

/** Each report as CSV (Brazilian Excel) and XLSX (real date and number cells), from one column list. */
export const reportExports = {
  trips: {
    name: 'viagens',
    sheet: 'Viagens',
    csv: (items: Trip[], tz: string) => tableCsv(TRIP_COLUMNS, items, tz),
    xlsx: (items: Trip[], tz: string) => spreadsheet('Viagens', TRIP_COLUMNS, items, tz),
  },
  stops: {
    name: 'paradas',
    sheet: 'Paradas',
    csv: (items: Stop[], tz: string) => tableCsv(STOP_COLUMNS, items, tz),
    xlsx: (items: Stop[], tz: string) => spreadsheet('Paradas', STOP_COLUMNS, items, tz),
  },
  summary: {
    name: 'resumo',
    sheet: 'Resumo',
    csv: (summary: Summary, tz: string) => tableCsv(SUMMARY_COLUMNS, summaryRows(summary), tz),
    xlsx: (summary: Summary, tz: string) => spreadsheet('Resumo', SUMMARY_COLUMNS, summaryRows(summary), tz),
  },
};
