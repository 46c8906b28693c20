import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import { duration, km, kmh } from './report-format';
import type { TablePdf } from './report-pdf';
import { getStops, getSummary, getTrips, type ReportQuery } from './reports.api';

/** Most rows a PDF lists (the CSV has them all). */
const PDF_ROWS = 200;

/** The chosen report as a PDF table: the same columns and formats as on screen. */
export async function reportPdfContent(
  kind: 'summary' | 'trips' | 'stops',
  query: ReportQuery,
  t: Translate,
  format: Formatters,
  subtitle: string,
): Promise<TablePdf> {
  const all = { ...query, page: 1, pageSize: PDF_ROWS };
  const title = t(`reports.kind.${kind}`);
  if (kind === 'summary') {
    const data = await getSummary(all);
    const row = (name: string, f: (typeof data)['totals']) => [
      name,
      format.number(f.trips),
      km(format, f.distanceKm),
      duration(f.drivingSeconds),
      duration(f.idleSeconds),
      duration(f.stoppedSeconds),
      format.number(f.stops),
      kmh(format, f.maxSpeedKmh),
      kmh(format, f.avgSpeedKmh),
    ];
    return {
      title,
      subtitle,
      fileName: 'resumo.pdf',
      head: ['name', 'trips', 'distance', 'driving', 'idle', 'stopped', 'stops', 'maxSpeed', 'avgSpeed'].map(
        (c) => t(`reports.col.${c}` as Parameters<Translate>[0]),
      ),
      body: data.items.map((i) => row(i.name, i)),
      foot: row(t('reports.total'), data.totals),
    };
  }
  if (kind === 'trips') {
    const data = await getTrips(all);
    return {
      title,
      subtitle,
      fileName: 'viagens.pdf',
      head: [
        'departure',
        'arrival',
        'vehicle',
        'driver',
        'distance',
        'duration',
        'idle',
        'maxSpeed',
        'avgSpeed',
      ].map((c) => t(`reports.col.${c}` as Parameters<Translate>[0])),
      body: data.items.map((trip) => [
        format.dateTime(trip.startedAt),
        format.dateTime(trip.endedAt),
        trip.vehicle?.plate ?? trip.vehicle?.description ?? '—',
        trip.driver?.name ?? '—',
        km(format, trip.distanceKm),
        duration(trip.durationSeconds),
        duration(trip.idleSeconds),
        kmh(format, trip.maxSpeedKmh),
        kmh(format, trip.avgSpeedKmh),
      ]),
    };
  }
  const data = await getStops(all);
  return {
    title,
    subtitle,
    fileName: 'paradas.pdf',
    head: ['start', 'end', 'vehicle', 'duration', 'engineOn', 'place'].map((c) =>
      t(`reports.col.${c}` as Parameters<Translate>[0]),
    ),
    body: data.items.map((stop) => [
      format.dateTime(stop.startedAt),
      format.dateTime(stop.endedAt),
      stop.vehicle?.plate ?? stop.vehicle?.description ?? '—',
      duration(stop.durationSeconds),
      duration(stop.idleSeconds),
      `${stop.lat.toFixed(5)}, ${stop.lon.toFixed(5)}`,
    ]),
  };
}
