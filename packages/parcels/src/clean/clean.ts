import { parseBrazilianDate } from './dates';
import { isUf, normalizeCity, parseCep } from './places';
import { normalizeStatus, type ParcelStatus } from './status';

/** Why a row or event was refused: the field, a stable reason code and a sentence in pt-BR. */
export interface Rejection {
  column: string;
  reason: RejectionReason;
  message: string;
}

export type RejectionReason =
  | 'required'
  | 'too_long'
  | 'invalid_tracking_code'
  | 'unknown_status'
  | 'invalid_date'
  | 'date_in_future'
  | 'invalid_uf'
  | 'invalid_cep'
  | 'invalid_weight'
  | 'column_count';

export type Cleaned<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

/** A tracking event as it arrives (CSV columns mapped to these names, or the JSON of the stream). */
export interface RawTrackingEvent {
  trackingCode?: unknown;
  status?: unknown;
  occurredAt?: unknown;
  city?: unknown;
  uf?: unknown;
  facility?: unknown;
  description?: unknown;
}

export interface TrackingEvent {
  trackingCode: string;
  status: ParcelStatus;
  occurredAt: Date;
  city: string | null;
  uf: string | null;
  facility: string | null;
  description: string | null;
}

/** A parcel's master data as it arrives. */
export interface RawParcel {
  trackingCode?: unknown;
  senderCity?: unknown;
  senderUf?: unknown;
  recipientCity?: unknown;
  recipientUf?: unknown;
  recipientCep?: unknown;
  service?: unknown;
  weightKg?: unknown;
  postedAt?: unknown;
  expectedAt?: unknown;
  deliveredAt?: unknown;
}

export interface Parcel {
  trackingCode: string;
  senderCity: string | null;
  senderUf: string | null;
  recipientCity: string | null;
  recipientUf: string | null;
  recipientCep: string | null;
  service: string | null;
  weightKg: number | null;
  postedAt: Date | null;
  expectedAt: Date | null;
  deliveredAt: Date | null;
}

class Refused extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}
const refuse = (column: string, reason: RejectionReason, message: string): never => {
  throw new Refused({ column, reason, message });
};

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';

function optional(v: unknown, column: string, max: number): string | null {
  const t = text(v);
  if (t === '') return null;
  if (t.length > max) refuse(column, 'too_long', `${column} tem ${t.length} caracteres; o máximo é ${max}.`);
  return t;
}

function required(v: unknown, column: string): string {
  const t = text(v);
  if (t === '') refuse(column, 'required', `${column} é obrigatório e está vazio.`);
  return t;
}

const CODE = /^[A-Z0-9][A-Z0-9-]{3,39}$/;
function trackingCode(v: unknown): string {
  const code = required(v, 'trackingCode').replace(/\s+/g, '').toUpperCase();
  if (!CODE.test(code))
    refuse(
      'trackingCode',
      'invalid_tracking_code',
      `Código de rastreio "${code.slice(0, 50)}" inválido: use 4 a 40 letras, dígitos ou hífens (ex.: AA123456789BR).`,
    );
  return code;
}

// Events more than a day ahead of the server clock are a wrong date, not a forecast.
const FUTURE_SLACK_MS = 86_400_000;
function date(v: unknown, column: string, opts: { required: boolean; past: boolean }): Date | null {
  const t = opts.required ? required(v, column) : text(v);
  if (t === '') return null;
  const d = parseBrazilianDate(t);
  if (!d)
    return refuse(
      column,
      'invalid_date',
      `Data "${t.slice(0, 40)}" inválida: use dd/MM/aaaa HH:mm[:ss], dd/MM/aaaa ou ISO-8601.`,
    );
  if (opts.past && d.getTime() > Date.now() + FUTURE_SLACK_MS)
    refuse(column, 'date_in_future', `Data "${t}" está no futuro; confira o dia, o mês e o ano.`);
  return d;
}

function uf(v: unknown, column: string): string | null {
  const t = text(v).toUpperCase();
  if (t === '') return null;
  if (!isUf(t))
    refuse(column, 'invalid_uf', `UF "${t.slice(0, 10)}" não existe: use a sigla de um dos 27 estados.`);
  return t;
}

function city(v: unknown, column: string): string | null {
  const t = optional(v, column, 100);
  return t === null ? null : normalizeCity(t);
}

function cep(v: unknown, column: string): string | null {
  const t = text(v);
  if (t === '') return null;
  const c = parseCep(t);
  if (!c)
    refuse(
      column,
      'invalid_cep',
      `CEP "${t.slice(0, 20)}" inválido: são 8 dígitos, com ou sem hífen (01310-100).`,
    );
  return c;
}

function weight(v: unknown, column: string): number | null {
  const t = text(v);
  if (t === '') return null;
  const n = Number(t.replace(/\.(?=\d{3}(,|$))/g, '').replace(',', '.'));
  if (!Number.isFinite(n) || n <= 0 || n > 1000)
    refuse(
      column,
      'invalid_weight',
      `Peso "${t.slice(0, 20)}" inválido: em kg, maior que 0 e até 1000 (ex.: 1,25).`,
    );
  return Math.round(n * 1000) / 1000;
}

function attempt<T>(build: () => T): Cleaned<T> {
  try {
    return { ok: true, value: build() };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, rejection: error.rejection };
    throw error;
  }
}

/** Cleans one tracking event (CSV row or stream item): the same rules on both paths. */
export function cleanTrackingEvent(raw: RawTrackingEvent): Cleaned<TrackingEvent> {
  return attempt(() => {
    const code = trackingCode(raw.trackingCode);
    const statusText = required(raw.status, 'status');
    const status = normalizeStatus(statusText);
    if (!status)
      refuse(
        'status',
        'unknown_status',
        `Status "${statusText.slice(0, 60)}" desconhecido: use Postado, Em trânsito, Saiu para entrega, Tentativa de entrega, Aguardando retirada, Entregue, Devolvido ao remetente ou Extraviado.`,
      );
    return {
      trackingCode: code,
      status: status as ParcelStatus,
      occurredAt: date(raw.occurredAt, 'occurredAt', { required: true, past: true }) as Date,
      city: city(raw.city, 'city'),
      uf: uf(raw.uf, 'uf'),
      facility: optional(raw.facility, 'facility', 200),
      description: optional(raw.description, 'description', 500),
    };
  });
}

/** Cleans one parcel master-data row. */
export function cleanParcel(raw: RawParcel): Cleaned<Parcel> {
  return attempt(() => ({
    trackingCode: trackingCode(raw.trackingCode),
    senderCity: city(raw.senderCity, 'senderCity'),
    senderUf: uf(raw.senderUf, 'senderUf'),
    recipientCity: city(raw.recipientCity, 'recipientCity'),
    recipientUf: uf(raw.recipientUf, 'recipientUf'),
    recipientCep: cep(raw.recipientCep, 'recipientCep'),
    service: optional(raw.service, 'service', 60),
    weightKg: weight(raw.weightKg, 'weightKg'),
    postedAt: date(raw.postedAt, 'postedAt', { required: false, past: true }),
    expectedAt: date(raw.expectedAt, 'expectedAt', { required: false, past: false }),
    deliveredAt: date(raw.deliveredAt, 'deliveredAt', { required: false, past: true }),
  }));
}
