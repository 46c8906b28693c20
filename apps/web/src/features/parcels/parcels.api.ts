import type { Page, Parcel, ParcelDetail, ParcelImport, ParcelStats } from '@pioneira/contracts';
import type { ImportKind, ParcelSort, ParcelStatus } from '@pioneira/contracts/enums';
import { ApiError, apiFetch } from '@/lib/api';
import { errorFromResponse } from '@/lib/api/errors';
import { session } from '@/lib/auth/session';
import { downloadFile } from '@/lib/download';

export type {
  Parcel,
  ParcelDetail,
  ParcelImport,
  ParcelStats,
  TimelineEvent,
} from '@pioneira/contracts';
export { type ImportKind, PARCEL_STATUSES, type ParcelStatus, UFS } from '@pioneira/contracts/enums';

export interface ParcelFilter {
  status?: ParcelStatus;
  uf?: string;
  /** Posted in [from, to), ISO instants. */
  from?: string;
  to?: string;
  late?: boolean;
  search?: string;
  /** A column of the list (the API's whitelist) and its direction. */
  sort?: ParcelSort;
  direction?: 'asc' | 'desc';
}

export const listParcels = (
  filter: ParcelFilter & { page: number; pageSize: number },
  signal?: AbortSignal,
) => apiFetch<Page<Parcel>>('/api/parcels', { query: { ...filter, late: filter.late || undefined }, signal });

/** The filtered list as a spreadsheet. */
export const parcelsSpreadsheet = (filter: ParcelFilter) =>
  downloadFile('/api/parcels.xlsx', { ...filter, late: filter.late || undefined }, 'pacotes.xlsx');

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
