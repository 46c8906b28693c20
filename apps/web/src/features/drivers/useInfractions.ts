'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import {
  type DriverDetail,
  getDriver,
  getInfractions,
  type InfractionQuery,
  type InfractionsPage,
} from '../fleet/fleet.api';

export const useDriver = (id: string) =>
  useLoad<DriverDetail>(`driver:${id}`, (signal) => getDriver(id, signal));

export const useInfractions = (id: string, query: InfractionQuery) =>
  useLoad<InfractionsPage>(JSON.stringify([id, query]), (signal) => getInfractions(id, query, signal));
