import type { Column } from '@/components';
import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import { duration, km, kmh } from './report-format';
import type { Stop, SummaryRow, Trip } from './reports.api';

const vehicleName = (v: Trip['vehicle']) => v?.plate ?? v?.description ?? '—';

/** Trips: a click on the departure draws the trip on the map. */
export function tripColumns(
  t: Translate,
  format: Formatters,
  selectedId: string | null,
  onSelect: (trip: Trip) => void,
): Column<Trip>[] {
  return [
    {
      key: 'departure',
      header: t('reports.col.departure'),
      render: (trip) => (
        <button
          type="button"
          className={`link-button ${trip.id === selectedId ? 'cell-strong' : ''}`}
          aria-pressed={trip.id === selectedId}
          title={t('reports.show')}
          onClick={() => onSelect(trip)}
        >
          {format.dateTime(trip.startedAt)}
        </button>
      ),
    },
    { key: 'arrival', header: t('reports.col.arrival'), render: (trip) => format.dateTime(trip.endedAt) },
    { key: 'vehicle', header: t('reports.col.vehicle'), render: (trip) => vehicleName(trip.vehicle) },
    { key: 'driver', header: t('reports.col.driver'), render: (trip) => trip.driver?.name ?? '—' },
    {
      key: 'distance',
      header: t('reports.col.distance'),
      align: 'end',
      render: (trip) => km(format, trip.distanceKm),
    },
    {
      key: 'duration',
      header: t('reports.col.duration'),
      align: 'end',
      render: (trip) => duration(trip.durationSeconds),
    },
    {
      key: 'idle',
      header: t('reports.col.idle'),
      align: 'end',
      render: (trip) => duration(trip.idleSeconds),
    },
    {
      key: 'max',
      header: t('reports.col.maxSpeed'),
      align: 'end',
      render: (trip) => kmh(format, trip.maxSpeedKmh),
    },
    {
      key: 'avg',
      header: t('reports.col.avgSpeed'),
      align: 'end',
      render: (trip) => kmh(format, trip.avgSpeedKmh),
    },
  ];
}

/** Stops: a click centres the map on the stop. */
export function stopColumns(
  t: Translate,
  format: Formatters,
  selectedId: string | null,
  onSelect: (stop: Stop) => void,
): Column<Stop>[] {
  return [
    {
      key: 'start',
      header: t('reports.col.start'),
      render: (stop) => (
        <button
          type="button"
          className={`link-button ${stop.id === selectedId ? 'cell-strong' : ''}`}
          aria-pressed={stop.id === selectedId}
          title={t('reports.show')}
          onClick={() => onSelect(stop)}
        >
          {format.dateTime(stop.startedAt)}
        </button>
      ),
    },
    { key: 'end', header: t('reports.col.end'), render: (stop) => format.dateTime(stop.endedAt) },
    { key: 'vehicle', header: t('reports.col.vehicle'), render: (stop) => vehicleName(stop.vehicle) },
    {
      key: 'duration',
      header: t('reports.col.duration'),
      align: 'end',
      render: (stop) => duration(stop.durationSeconds),
    },
    {
      key: 'engineOn',
      header: t('reports.col.engineOn'),
      align: 'end',
      render: (stop) => duration(stop.idleSeconds),
    },
    {
      key: 'place',
      header: t('reports.col.place'),
      render: (stop) => `${stop.lat.toFixed(5)}, ${stop.lon.toFixed(5)}`,
    },
  ];
}

/** The fleet summary: one row per vehicle (or the driver). */
export function summaryColumns(t: Translate, format: Formatters): Column<SummaryRow>[] {
  return [
    {
      key: 'name',
      header: t('reports.col.name'),
      render: (row) => <span className="cell-strong">{row.name}</span>,
    },
    { key: 'trips', header: t('reports.col.trips'), align: 'end', render: (row) => format.number(row.trips) },
    {
      key: 'distance',
      header: t('reports.col.distance'),
      align: 'end',
      render: (row) => km(format, row.distanceKm),
    },
    {
      key: 'driving',
      header: t('reports.col.driving'),
      align: 'end',
      render: (row) => duration(row.drivingSeconds),
    },
    { key: 'idle', header: t('reports.col.idle'), align: 'end', render: (row) => duration(row.idleSeconds) },
    {
      key: 'stopped',
      header: t('reports.col.stopped'),
      align: 'end',
      render: (row) => duration(row.stoppedSeconds),
    },
    { key: 'stops', header: t('reports.col.stops'), align: 'end', render: (row) => format.number(row.stops) },
    {
      key: 'max',
      header: t('reports.col.maxSpeed'),
      align: 'end',
      render: (row) => kmh(format, row.maxSpeedKmh),
    },
    {
      key: 'avg',
      header: t('reports.col.avgSpeed'),
      align: 'end',
      render: (row) => kmh(format, row.avgSpeedKmh),
    },
    {
      key: 'first',
      header: t('reports.col.firstDeparture'),
      render: (row) => format.dateTime(row.firstDepartureAt),
    },
    {
      key: 'last',
      header: t('reports.col.lastArrival'),
      render: (row) => format.dateTime(row.lastArrivalAt),
    },
  ];
}
