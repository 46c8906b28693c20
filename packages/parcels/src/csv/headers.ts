import { foldText } from '../clean/status';

export type ImportKind = 'parcels' | 'tracking';

// Canonical field → accepted header names (folded: no accents, lower case, `_` between words).
const TRACKING: Record<string, string[]> = {
  trackingCode: [
    'codigo_rastreio',
    'codigo_de_rastreio',
    'codigo',
    'cod_rastreio',
    'rastreio',
    'objeto',
    'tracking_code',
  ],
  status: ['status', 'situacao', 'evento', 'status_evento'],
  occurredAt: ['data_evento', 'data_hora', 'data_hora_evento', 'data', 'occurred_at'],
  city: ['cidade', 'cidade_evento', 'municipio', 'city'],
  uf: ['uf', 'estado', 'uf_evento'],
  facility: ['unidade', 'local', 'agencia', 'centro_distribuicao', 'facility'],
  description: ['descricao', 'observacao', 'detalhe', 'description'],
};

const PARCELS: Record<string, string[]> = {
  trackingCode: TRACKING.trackingCode,
  senderCity: ['cidade_origem', 'cidade_remetente', 'origem_cidade', 'sender_city'],
  senderUf: ['uf_origem', 'uf_remetente', 'estado_origem', 'sender_uf'],
  recipientCity: ['cidade_destino', 'cidade_destinatario', 'destino_cidade', 'recipient_city'],
  recipientUf: ['uf_destino', 'uf_destinatario', 'estado_destino', 'recipient_uf'],
  recipientCep: ['cep_destino', 'cep_destinatario', 'cep', 'recipient_cep'],
  service: ['servico', 'tipo_servico', 'modalidade', 'service'],
  weightKg: ['peso_kg', 'peso', 'weight_kg'],
  postedAt: ['data_postagem', 'postado_em', 'posted_at'],
  expectedAt: ['data_prevista', 'previsao_entrega', 'data_previsao', 'prazo', 'expected_at'],
  deliveredAt: ['data_entrega', 'entregue_em', 'delivered_at'],
};

const REQUIRED: Record<ImportKind, string[]> = {
  tracking: ['trackingCode', 'status', 'occurredAt'],
  parcels: ['trackingCode'],
};

/** Which column index feeds each canonical field, and the file's own name of each field (for reports). */
export interface HeaderMap {
  fields: Array<[field: string, index: number]>;
  headerOf: Record<string, string>;
  columns: number;
}

/** Raised when the header row lacks a required column; the message lists what is missing and accepted. */
export class HeaderError extends Error {
  override name = 'HeaderError';
}

const fold = (h: string) => foldText(h).replace(/ /g, '_');

/** Maps a header row (Portuguese or English names, any case or accents) to the fields of an import kind. */
export function mapHeader(kind: ImportKind, header: string[]): HeaderMap {
  const spec = kind === 'tracking' ? TRACKING : PARCELS;
  const folded = header.map(fold);
  const fields: Array<[string, number]> = [];
  const headerOf: Record<string, string> = {};
  for (const [field, names] of Object.entries(spec)) {
    const index = folded.findIndex((h) => names.includes(h));
    if (index === -1) continue;
    fields.push([field, index]);
    headerOf[field] = header[index].trim();
  }
  const missing = REQUIRED[kind].filter((f) => !(f in headerOf));
  if (missing.length)
    throw new HeaderError(
      `The header row has no column for ${missing.join(', ')}; accepted names: ${missing
        .map((f) => `${f} = ${spec[f].join(' | ')}`)
        .join('; ')}. See docs/parcels-formats.md.`,
    );
  return { fields, headerOf, columns: header.length };
}

/** The fields of one record as an object keyed by canonical field names. */
export function recordToRaw(map: HeaderMap, record: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [field, index] of map.fields) raw[field] = record[index] ?? '';
  return raw;
}
