'use client';

import {
  type DriverDetail,
  getDriver,
  getInfractions,
  type InfractionQuery,
  type InfractionsPage,
} from '../fleet/fleet.api';
import { useLoad } from '../fleet/useLoad';

export const useDriver = (id: string) =>
  useLoad<DriverDetail>(`driver:${id}`, (signal) => getDriver(id, signal));

export const useInfractions = (id: string, query: InfractionQuery) =>
  useLoad<InfractionsPage>(JSON.stringify([id, query]), (signal) => getInfractions(id, query, signal));
