import { ApiError, apiFetch } from '@/lib/api';
import { errorFromResponse } from '@/lib/api/errors';
import { session } from '@/lib/auth/session';
import type { Page } from '../fleet/fleet.api';

export const PARCEL_STATUSES = [
  'posted',
  'in_transit',
  'awaiting_pickup',
  'out_for_delivery',
  'delivery_failed',
  'returned',
  'lost',
  'delivered',
] as const;
export type ParcelStatus = (typeof PARCEL_STATUSES)[number];

export const UFS = [
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
] as const;

export interface Parcel {
  trackingCode: string;
  senderCity: string | null;
  senderUf: string | null;
  recipientCity: string | null;
  recipientUf: string | null;
  recipientCep: string | null;
  service: string | null;
  weightKg: number | null;
  postedAt: string | null;
  expectedAt: string | null;
  deliveredAt: string | null;
  status: ParcelStatus | null;
  statusLabel: string | null;
  statusAt: string | null;
  late: boolean;
  updatedAt: string;
}

export interface TimelineEvent {
  status: ParcelStatus;
  statusLabel: string;
  occurredAt: string;
  city: string | null;
  uf: string | null;
  facility: string | null;
  description: string | null;
  source: string;
}

export interface ParcelDetail extends Parcel {
  timeline: TimelineEvent[];
}

export interface ParcelStats {
  from: string;
  to: string;
  kpis: {
    total: number;
    inTransit: number;
    delivered: number;
    returnedOrLost: number;
    late: number;
    deliveryHoursP50: number | null;
    deliveryHoursP90: number | null;
    onTimeRate: number | null;
  };
  /** Days in São Paulo time (YYYY-MM-DD). */
  byDay: { day: string; posted: number; delivered: number }[];
  byStatus: { status: ParcelStatus | null; label: string | null; count: number }[];
  byUf: { uf: string | null; total: number; delivered: number; late: number; onTimeRate: number | null }[];
}

export type ImportKind = 'parcels' | 'tracking';

export interface ParcelImport {
  id: string;
  kind: ImportKind;
  filename: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  encoding: string | null;
  delimiter: string | null;
  bytesTotal: number;
  bytesRead: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsInserted: number;
  rowsRejected: number;
  percent: number;
  rowsPerSecond: number;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface ParcelFilter {
  status?: ParcelStatus;
  uf?: string;
  /** Posted in [from, to), ISO instants. */
  from?: string;
  to?: string;
  late?: boolean;
  search?: string;
}

export const listParcels = (
  filter: ParcelFilter & { page: number; pageSize: number },
  signal?: AbortSignal,
) => apiFetch<Page<Parcel>>('/api/parcels', { query: { ...filter, late: filter.late || undefined }, signal });

export const getParcelStats = (range: { from: string; to: string }, signal?: AbortSignal) =>
  apiFetch<ParcelStats>('/api/parcels/stats', { query: range, signal });

export const getParcel = (code: string, signal?: AbortSignal) =>
  apiFetch<ParcelDetail>(`/api/parcels/${encodeURIComponent(code)}`, { signal });

export const listImports = (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
  apiFetch<Page<ParcelImport>>('/api/imports', { query, signal });

export const rejectionsPath = (id: string) => `/api/imports/${encodeURIComponent(id)}/rejections.csv`;

/** Uploads a CSV (multipart, field "file"); the API answers 202 with the queued import. */
export async function uploadImport(kind: ImportKind, file: File): Promise<ParcelImport> {
  await session.settled();
  const send = () => {
    const form = new FormData();
    form.append('file', file, file.name);
    return fetch(`/api/imports?kind=${kind}`, {
      method: 'POST',
      body: form,
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
      credentials: 'same-origin',
      cache: 'no-store',
    }).catch(() => {
      throw new ApiError(0, 'network_error', 'The API could not be reached.');
    });
  };
  let response = await send();
  // Same rule as apiFetch: one refresh and retry when the access token has expired.
  if (response.status === 401 && (await session.refresh())) response = await send();
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as ParcelImport;
}
