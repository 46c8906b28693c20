import { PARCEL_SORTS, type ParcelSort } from '@pioneira/contracts/enums';
import { addDays, type Period, readPeriod, writePeriod } from '@/lib/period';
import { PARCEL_STATUSES, type ParcelFilter, type ParcelStatus, UFS } from './parcels.api';
import { startOfLocalDay } from './zoned';

/** The dashboard's selection, kept in the address bar so a view can be bookmarked and shared. */
export interface ParcelSelection {
  period: Period;
  status: ParcelStatus | '';
  uf: string;
  late: boolean;
  search: string;
  sort: ParcelSort;
  direction: 'asc' | 'desc';
  page: number;
}

/** The columns the list sorts by (a subset of the API's whitelist). */
export const SORTABLE_PARCEL_COLUMNS = [
  'trackingCode',
  'status',
  'postedAt',
  'expectedAt',
  'statusAt',
] as const;

export function readSelection(params: URLSearchParams, timeZone: string): ParcelSelection {
  const status = PARCEL_STATUSES.find((s) => s === params.get('status')) ?? '';
  const uf = UFS.find((u) => u === params.get('uf')) ?? '';
  const page = Number(params.get('page'));
  return {
    period: readPeriod(params, timeZone),
    status,
    uf,
    late: params.get('late') === '1',
    search: params.get('q') ?? '',
    sort: PARCEL_SORTS.find((c) => c === params.get('sort')) ?? 'postedAt',
    direction: params.get('dir') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function writeSelection(params: URLSearchParams, selection: ParcelSelection) {
  writePeriod(params, selection.period);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set('status', selection.status);
  set('uf', selection.uf);
  set('late', selection.late ? '1' : '');
  set('q', selection.search.trim());
  set('sort', selection.sort === 'postedAt' ? '' : selection.sort);
  set('dir', selection.direction === 'desc' ? '' : selection.direction);
  set('page', selection.page > 1 ? String(selection.page) : '');
}

/** The period as the API's half-open instant range: local midnight of `from` to the midnight after `to`. */
export function periodRange(period: Period, timeZone: string): { from: string; to: string } {
  return {
    from: startOfLocalDay(period.from, timeZone),
    to: startOfLocalDay(addDays(period.to, 1), timeZone),
  };
}

export function apiFilter(selection: ParcelSelection, timeZone: string): ParcelFilter {
  return {
    ...periodRange(selection.period, timeZone),
    status: selection.status || undefined,
    uf: selection.uf || undefined,
    late: selection.late || undefined,
    search: selection.search.trim() || undefined,
    sort: selection.sort,
    direction: selection.direction,
  };
}
