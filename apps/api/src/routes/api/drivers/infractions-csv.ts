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

function localTime(date: Date | null, timeZone: string): string {
  if (!date) return '';
  return new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'medium' }).format(date);
}

/** Spreadsheet-friendly CSV for Brazilian Excel: BOM, semicolons, decimal commas, local times. */
export function infractionsCsv(items: CsvInfraction[], timeZone: string): string {
  const decimal = (n: number | null) => (n === null ? '' : String(Math.round(n * 10) / 10).replace('.', ','));
  const header = [
    'Início',
    'Fim',
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
  ];
  const lines = items.map((i) =>
    [
      localTime(i.startedAt, timeZone),
      localTime(i.endedAt, timeZone),
      i.durationSeconds ?? '',
      i.type.label,
      i.type.severity ? SEVERITY_LABEL[i.type.severity] : '',
      decimal(i.speedKmh),
      decimal(i.speedLimitKmh),
      i.latitude ?? '',
      i.longitude ?? '',
      i.vehicle?.plate ?? '',
      i.vehicle?.description ?? '',
      SOURCE_LABEL[i.source] ?? i.source,
      i.details ?? '',
    ]
      .map((value) => csvCell(value))
      .join(';'),
  );
  return `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
}
