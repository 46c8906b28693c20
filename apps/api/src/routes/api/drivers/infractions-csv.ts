import { csvCell } from '@pioneira/core';

interface CsvInfraction {
  startedAt: Date | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  type: { label: string; severity: string | null };
  speedKmh: number | null;
  speedLimitKmh: number | null;
  latitude: number | null;
  longitude: number | null;
  vehicle: { plate: string | null; description: string | null } | null;
  source: string;
  details: string | null;
  justification?: { text: string } | null;
}

/** Where an event came from, as the spreadsheet says it. */
const SOURCE_LABEL: Record<string, string> = {
  mix: 'MiX',
  rules: 'Regras (GPS)',
  device: 'Rastreador',
  rule: 'Regra',
};

const SEVERITY_LABEL: Record<string, string> = {
  leve: 'Leve',
  media: 'Média',
  grave: 'Grave',
  gravissima: 'Gravíssima',
};

/** The local date (dd/mm/aaaa) and time (hh:mm:ss) apart: a Brazilian spreadsheet reads each as such. */
function localDateTime(date: Date | null, timeZone: string): [string, string] {
  if (!date) return ['', ''];
  const day = new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short' }).format(date);
  const time = new Intl.DateTimeFormat('pt-BR', { timeZone, timeStyle: 'medium', hourCycle: 'h23' }).format(
    date,
  );
  return [day, time];
}

/** Spreadsheet-friendly CSV for Brazilian Excel: BOM, semicolons, decimal commas, local dates and times apart. */
export function infractionsCsv(items: CsvInfraction[], timeZone: string): string {
  const decimal = (n: number | null) => (n === null ? '' : String(Math.round(n * 10) / 10).replace('.', ','));
  const coordinate = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
  const header = [
    'Data início',
    'Hora início',
    'Data fim',
    'Hora fim',
    'Duração (s)',
    'Infração',
    'Gravidade',
    'Velocidade (km/h)',
    'Limite (km/h)',
    'Latitude',
    'Longitude',
    'Placa',
    'Veículo',
    'Origem',
    'Medição',
    'Justificativa',
  ];
  const lines = items.map((i) =>
    [
      ...localDateTime(i.startedAt, timeZone),
      ...localDateTime(i.endedAt, timeZone),
      i.durationSeconds ?? '',
      i.type.label,
      i.type.severity ? SEVERITY_LABEL[i.type.severity] : '',
      decimal(i.speedKmh),
      decimal(i.speedLimitKmh),
      coordinate(i.latitude),
      coordinate(i.longitude),
      i.vehicle?.plate ?? '',
      i.vehicle?.description ?? '',
      SOURCE_LABEL[i.source] ?? i.source,
      i.details ?? '',
      i.justification?.text ?? '',
    ]
      .map((value) => csvCell(value))
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
