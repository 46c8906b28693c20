import { apiFetch, isApiError } from '@/lib/api';
import type { Severity } from './severity';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Driver {
  id: string;
  externalId: string;
  source: string;
  name: string;
  employeeNumber: string | null;
  mobileNumber: string | null;
  email: string | null;
  siteExternalId: string | null;
  isSystemDriver: boolean;
  updatedAt: string;
}

export interface DriverDetail extends Driver {
  summary: {
    lastEventAt: string | null;
    events30d: number;
    infractions30d: number;
    events90d: number;
    infractions90d: number;
    recentVehicles: { id: string | null; plate: string | null; description: string | null; events: number }[];
  };
}

export interface Infraction {
  id: string;
  externalId: string;
  type: { externalId: string; label: string; severity: Severity | null };
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  speedKmh: number | null;
  speedLimitKmh: number | null;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  vehicle: { id: string | null; externalId: string; plate: string | null; description: string | null } | null;
}

export type SeverityCounts = Record<Severity, number>;

export interface TypeCount {
  externalId: string;
  label: string;
  severity: Severity | null;
  count: number;
}

export interface InfractionsPage extends Page<Infraction> {
  driver: Driver;
  period: { from: string; to: string; timeZone: string };
  summary: {
    total: number;
    points: number;
    bySeverity: SeverityCounts;
    byType: TypeCount[];
    byDay: { day: string; severity: Severity | null; count: number }[];
  };
}

export interface RankingRow {
  position: number;
  driver: { id: string; externalId: string; name: string; employeeNumber: string | null };
  infractions: number;
  score: number;
  bySeverity: SeverityCounts;
}

export interface RankingPage extends Page<RankingRow> {
  points: SeverityCounts;
}

/** What selects a driver's infractions: local dates (YYYY-MM-DD, `to` included) in `tz`, filters, page. */
export interface InfractionQuery {
  from: string;
  to: string;
  tz: string;
  types?: string[];
  severity?: Severity[];
  page?: number;
  pageSize?: number;
}

export type DriverSort = 'relevance' | 'name' | '-name' | 'employeeNumber' | '-employeeNumber';

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
});

export const searchDrivers = (
  query: { search?: string; page: number; pageSize: number; sort?: DriverSort },
  signal?: AbortSignal,
) => apiFetch<Page<Driver>>('/api/drivers', { query: { ...query }, signal });

export const getDriver = (id: string, signal?: AbortSignal) =>
  apiFetch<DriverDetail>(driverPath(id), { signal });

export const getInfractions = (id: string, query: InfractionQuery, signal?: AbortSignal) =>
  apiFetch<InfractionsPage>(`${driverPath(id)}/infractions`, { query: infractionParams(query), signal });

export const infractionsCsvPath = (id: string) => `${driverPath(id)}/infractions.csv`;

export const getRanking = (
  query: { from: string; to: string; tz: string; page: number; pageSize: number },
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
