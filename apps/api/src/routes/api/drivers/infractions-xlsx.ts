import { type SheetColumn, spreadsheet } from '../../../exports/spreadsheet';

interface SheetInfraction {
  startedAt: Date | string | null;
  endedAt: Date | string | null;
  durationSeconds: number | null;
  source?: string;
  type: { label: string; severity: string | null };
  speedKmh: number | null;
  speedLimitKmh: number | null;
  latitude: number | null;
  longitude: number | null;
  vehicle: { plate: string | null; description: string | null } | null;
  justification?: { text: string } | null;
}

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

const COLUMNS: SheetColumn<SheetInfraction>[] = [
  { header: 'Início', kind: 'datetime', value: (i) => i.startedAt },
  { header: 'Fim', kind: 'datetime', value: (i) => i.endedAt },
  { header: 'Duração (s)', kind: 'integer', value: (i) => i.durationSeconds },
  { header: 'Infração', kind: 'text', value: (i) => i.type.label, width: 32 },
  {
    header: 'Gravidade',
    kind: 'text',
    value: (i) => (i.type.severity ? SEVERITY_LABEL[i.type.severity] : null),
  },
  { header: 'Velocidade (km/h)', kind: 'decimal', value: (i) => i.speedKmh },
  { header: 'Limite (km/h)', kind: 'decimal', value: (i) => i.speedLimitKmh },
  { header: 'Latitude', kind: 'coordinate', value: (i) => i.latitude },
  { header: 'Longitude', kind: 'coordinate', value: (i) => i.longitude },
  { header: 'Placa', kind: 'text', value: (i) => i.vehicle?.plate },
  { header: 'Veículo', kind: 'text', value: (i) => i.vehicle?.description },
  { header: 'Origem', kind: 'text', value: (i) => (i.source ? (SOURCE_LABEL[i.source] ?? i.source) : null) },
  { header: 'Justificativa', kind: 'text', value: (i) => i.justification?.text, width: 40 },
];

/** A driver's infractions as a spreadsheet: real date and number cells, local times. */
export const infractionsXlsx = (items: SheetInfraction[], timeZone: string) =>
  spreadsheet('Infrações', COLUMNS, items, timeZone);
