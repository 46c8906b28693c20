'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import {
  getDaily,
  getStops,
  getSummary,
  getTrips,
  listDrivers,
  listVehicles,
  type ReportQuery,
} from './reports.api';

const keyOf = (query: ReportQuery) => JSON.stringify(query);
const none = async () => null;

/** The lists the chosen report needs; a trips or stops report without a subject loads nothing. */
export function useReports(kind: 'summary' | 'trips' | 'stops', query: ReportQuery) {
  const single = query.subject.kind !== 'fleet';
  const trips = useLoad(`trips:${kind}:${keyOf(query)}`, (signal) =>
    kind === 'trips' && single ? getTrips(query, signal) : none(),
  );
  const stops = useLoad(`stops:${kind}:${keyOf(query)}`, (signal) =>
    kind !== 'summary' && single
      ? getStops({ ...query, page: kind === 'stops' ? query.page : 1, pageSize: 200 }, signal)
      : none(),
  );
  const summary = useLoad(`summary:${keyOf(query)}`, (signal) => getSummary(query, signal));
  const { page: _page, pageSize: _size, ...period } = query;
  const daily = useLoad(`daily:${keyOf({ ...period })}`, (signal) => getDaily(period, signal));
  return { trips, stops, summary, daily };
}

export const useSubjects = () => ({
  vehicles: useLoad('vehicles', (signal) => listVehicles(signal)),
  drivers: useLoad('drivers', (signal) => listDrivers(signal)),
});
