'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import type { Period } from '@/lib/period';
import { getRanking, type RankingPage } from '../fleet/fleet.api';

/** Drivers by infraction score over the period (in the user's time zone). */
export const useRanking = (period: Period, timeZone: string, page: number, pageSize: number, sort: string) =>
  useLoad<RankingPage>(JSON.stringify([period.from, period.to, timeZone, page, pageSize, sort]), (signal) =>
    getRanking({ from: period.from, to: period.to, tz: timeZone, page, pageSize, sort }, signal),
  );
