import type { ReportsService } from '@pioneira/trips';

type Trips = Awaited<ReturnType<ReportsService['trips']>>['items'];
type Stops = Awaited<ReturnType<ReportsService['stops']>>['items'];
type Summary = Awaited<ReturnType<ReportsService['summary']>>;

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const decimal = (n: number | null, digits = 1) =>
  n === null ? '' : String(Number(n.toFixed(digits))).replace('.', ',');
const hours = (seconds: number) => decimal(seconds / 3600, 2);

function localTime(date: Date | string | null, timeZone: string): string {
  if (!date) return '';
  return new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(
    new Date(date),
  );
}

/** Spreadsheet-friendly CSV for Brazilian Excel (as the infractions export): BOM, ";", decimal commas. */
const csv = (header: string[], rows: unknown[][]) =>
  `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;

export function tripsCsv(items: Trips, timeZone: string): string {
  return csv(
    [
      'Placa',
      'Veículo',
      'Motorista',
      'Saída',
      'Chegada',
      'Distância (km)',
      'Dirigindo (h)',
      'Ocioso (h)',
      'Vel. máx. (km/h)',
      'Vel. média (km/h)',
      'Origem (lat, lon)',
      'Destino (lat, lon)',
      'Fonte',
    ],
    items.map((t) => [
      t.vehicle?.plate,
      t.vehicle?.description,
      t.driver?.name,
      localTime(t.startedAt, timeZone),
      localTime(t.endedAt, timeZone),
      decimal(t.distanceKm, 2),
      hours(t.drivingSeconds),
      hours(t.idleSeconds),
      decimal(t.maxSpeedKmh),
      decimal(t.avgSpeedKmh),
      `${t.start.lat}, ${t.start.lon}`,
      `${t.end.lat}, ${t.end.lon}`,
      t.source,
    ]),
  );
}

export function stopsCsv(items: Stops, timeZone: string): string {
  return csv(
    [
      'Placa',
      'Veículo',
      'Motorista',
      'Início',
      'Fim',
      'Duração (h)',
      'Motor ligado (h)',
      'Latitude',
      'Longitude',
    ],
    items.map((s) => [
      s.vehicle?.plate,
      s.vehicle?.description,
      s.driver?.name,
      localTime(s.startedAt, timeZone),
      localTime(s.endedAt, timeZone),
      hours(s.durationSeconds),
      hours(s.idleSeconds),
      s.lat,
      s.lon,
    ]),
  );
}

export function summaryCsv(summary: Summary, timeZone: string): string {
  const row = (name: string, f: Summary['totals']) => [
    name,
    f.trips,
    f.stops,
    decimal(f.distanceKm, 2),
    hours(f.drivingSeconds),
    hours(f.idleSeconds),
    hours(f.stoppedSeconds),
    decimal(f.maxSpeedKmh),
    decimal(f.avgSpeedKmh),
    localTime(f.firstDepartureAt, timeZone),
    localTime(f.lastArrivalAt, timeZone),
    decimal(f.odometerStartKm),
    decimal(f.odometerEndKm),
    decimal(f.engineHours, 2),
    decimal(f.fuelUsedLitres, 2),
  ];
  return csv(
    [
      'Veículo / motorista',
      'Viagens',
      'Paradas',
      'Distância (km)',
      'Dirigindo (h)',
      'Ocioso (h)',
      'Parado (h)',
      'Vel. máx. (km/h)',
      'Vel. média (km/h)',
      'Primeira saída',
      'Última chegada',
      'Hodômetro inicial (km)',
      'Hodômetro final (km)',
      'Horas de motor',
      'Combustível (L)',
    ],
    [...summary.items.map((i) => row(i.name, i)), row('Total', summary.totals)],
  );
}
