import type {
  Driver,
  DriverDetail,
  InfractionsPage,
  Page,
  RankingPage,
  Scorecard,
  TypeCount,
} from '@pioneira/contracts';
import type { DriverSort, Severity } from '@pioneira/contracts/enums';
import { apiFetch, isApiError } from '@/lib/api';

export type {
  Driver,
  DriverDetail,
  Infraction,
  InfractionsPage,
  Page,
  RankingPage,
  RankingRow,
  SeverityCounts,
  TypeCount,
} from '@pioneira/contracts';
export type { DriverSort } from '@pioneira/contracts/enums';

/** What selects a driver's infractions: local dates (YYYY-MM-DD, `to` included) in `tz`, filters, page. */
export interface InfractionQuery {
  from: string;
  to: string;
  tz: string;
  types?: string[];
  severity?: Severity[];
  page?: number;
  pageSize?: number;
  /** The API's sort (`-occurredAt` newest first, the default). */
  sort?: string;
}

const driverPath = (id: string) => `/api/drivers/${encodeURIComponent(id)}`;

/** The API's query for an infraction selection (lists joined with commas, empty ones left out). */
export const infractionParams = (query: InfractionQuery) => ({
  from: query.from,
  to: query.to,
  tz: query.tz,
  types: query.types?.join(',') || undefined,
  severity: query.severity?.join(',') || undefined,
  page: query.page,
  pageSize: query.pageSize,
  sort: query.sort,
});

export const searchDrivers = (
  query: { search?: string; page: number; pageSize: number; sort?: DriverSort },
  signal?: AbortSignal,
) => apiFetch<Page<Driver>>('/api/drivers', { query: { ...query }, signal });

export const getDriver = (id: string, signal?: AbortSignal) =>
  apiFetch<DriverDetail>(driverPath(id), { signal });

export const getInfractions = (id: string, query: InfractionQuery, signal?: AbortSignal) =>
  apiFetch<InfractionsPage>(`${driverPath(id)}/infractions`, { query: infractionParams(query), signal });

export const infractionsExportPath = (id: string, format: 'csv' | 'xlsx') =>
  `${driverPath(id)}/infractions.${format}`;

export const getRanking = (
  query: { from: string; to: string; tz: string; page: number; pageSize: number; sort?: string },
  signal?: AbortSignal,
) => apiFetch<RankingPage>('/api/rankings/drivers', { query: { ...query }, signal });

interface CatalogueType {
  externalId: string;
  label?: string | null;
  description?: string | null;
  severity?: Severity | null;
  isInfraction?: boolean;
}

/** The infraction types of the catalogue; an empty list when the API does not offer the catalogue. */
export async function listInfractionTypes(signal?: AbortSignal): Promise<TypeCount[]> {
  let answer: { items: CatalogueType[] } | CatalogueType[];
  try {
    answer = await apiFetch('/api/event-types', { signal, query: { pageSize: 200 } });
  } catch (error) {
    if (isApiError(error) && (error.status === 404 || error.status === 400)) return [];
    throw error;
  }
  const items = Array.isArray(answer) ? answer : (answer.items ?? []);
  return items
    .filter((type) => type.isInfraction !== false)
    .map((type) => ({
      externalId: type.externalId,
      label: type.label || type.description || type.externalId,
      severity: type.severity ?? null,
      count: 0,
    }));
}

/** Infractions of every source per 100 km driven in the period (local dates, `to` included). */
export const getScorecard = (
  id: string,
  period: { from: string; to: string; tz: string },
  signal?: AbortSignal,
) => apiFetch<Scorecard>(`${driverPath(id)}/scorecard`, { query: period, signal });
