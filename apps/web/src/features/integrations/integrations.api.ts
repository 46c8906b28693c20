import type {
  BudgetWire,
  EtlJobStatus,
  EtlRun,
  MixCredentialsInput,
  MixCredentialsView,
  Page,
} from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';

export type { EtlJobStatus, EtlRun, MixCredentialsInput, MixCredentialsView } from '@pioneira/contracts';
export type { RunStatus } from '@pioneira/contracts/enums';

/** A job of the console; the API lists them (GET /api/etl/jobs), the web app knows no names. */
export type EtlJobName = string;

const jobPath = (job: EtlJobName) => `/api/etl/jobs/${encodeURIComponent(job)}`;

export const listJobs = (signal?: AbortSignal) =>
  apiFetch<{ items: EtlJobStatus[] }>('/api/etl/jobs', { signal }).then((answer) => answer.items);

export const listRuns = (query: { job?: EtlJobName; page: number; pageSize: number }, signal?: AbortSignal) =>
  apiFetch<Page<EtlRun>>('/api/etl/runs', { query: { ...query }, signal });

export const runNow = (job: EtlJobName) =>
  apiFetch<{ queued: true; jobId: string }>(`${jobPath(job)}/run`, { method: 'POST' });

export const setPaused = (job: EtlJobName, paused: boolean) =>
  apiFetch<EtlJobStatus>(`${jobPath(job)}/${paused ? 'pause' : 'resume'}`, { method: 'POST' });

/** "Recover from <date>": pages the stream again from `from` (ISO instant) on a cursor of its own. */
export const recoverFrom = (job: EtlJobName, from: string) =>
  apiFetch<EtlJobStatus>(`${jobPath(job)}/recover`, { method: 'POST', body: { from } });

/** Cancels the recovery in progress of a stream (what it stored stays stored). */
export const cancelRecovery = (job: EtlJobName) =>
  apiFetch<EtlJobStatus>(`${jobPath(job)}/recover/cancel`, { method: 'POST' });

export type EtlBudget = BudgetWire;

/** The MiX request budget split per stream over the last `minutes` minutes. */
export const getBudget = (minutes: number, signal?: AbortSignal) =>
  apiFetch<EtlBudget>('/api/etl/budget', { query: { minutes }, signal });

export const getCredentials = (signal?: AbortSignal) =>
  apiFetch<MixCredentialsView>('/api/etl/credentials', { signal });

export const saveCredentials = (input: MixCredentialsInput) =>
  apiFetch<MixCredentialsView>('/api/etl/credentials', { method: 'PUT', body: input });
