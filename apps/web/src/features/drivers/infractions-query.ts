import { type Period, readPeriod, writePeriod } from '@/lib/period';
import { isSeverity, type Severity } from '@/lib/severity';
import { sortFromParam } from '@/lib/sort';

/** The driver page's selection as the address bar holds it. */
export interface InfractionSelection {
  period: Period;
  types: string[];
  severity: Severity[];
  /** The API's sort (`-occurredAt`, newest first, by default). */
  sort: string;
  page: number;
}

/** Sortable columns of the infractions table → the API's sort names. */
export const INFRACTION_SORT_COLUMNS = {
  when: 'occurredAt',
  type: 'type',
  severity: 'severity',
  speed: 'speed',
  vehicle: 'vehicle',
} as const;

const list = (value: string | null) => (value ?? '').split(',').filter(Boolean);

export function readSelection(params: URLSearchParams, timeZone: string): InfractionSelection {
  return {
    period: readPeriod(params, timeZone),
    types: list(params.get('types')).filter((type) => /^-?\d+$/.test(type)),
    severity: list(params.get('severity')).filter(isSeverity),
    sort: sortFromParam(params.get('sort'), INFRACTION_SORT_COLUMNS, '-occurredAt').param,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
}

export function writeSelection(params: URLSearchParams, selection: InfractionSelection) {
  writePeriod(params, selection.period);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set('types', selection.types.join(','));
  set('severity', selection.severity.join(','));
  set('sort', selection.sort === '-occurredAt' ? '' : selection.sort);
  set('page', selection.page > 1 ? String(selection.page) : '');
}

/** The form's address: the same selection with the period spelled out, so the printout is reproducible. */
export function formHref(driverId: string, selection: InfractionSelection, timeZone: string): string {
  const params = new URLSearchParams({ from: selection.period.from, to: selection.period.to, tz: timeZone });
  if (selection.types.length) params.set('types', selection.types.join(','));
  if (selection.severity.length) params.set('severity', selection.severity.join(','));
  return `/drivers/${encodeURIComponent(driverId)}/form?${params}`;
}
