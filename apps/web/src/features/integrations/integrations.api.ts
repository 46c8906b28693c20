import { apiFetch } from '@/lib/api';
import type { Page } from '../fleet/fleet.api';

export type EtlJobName = 'mix.events' | 'mix.sync';
export const ETL_JOBS: readonly EtlJobName[] = ['mix.events', 'mix.sync'];

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** One row of `etl_runs` as GET /api/etl/runs returns it. */
export interface EtlRun {
  id: string;
  job: EtlJobName;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  pages: number;
  requests: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  sinceTokenStart: string | null;
  sinceTokenEnd: string | null;
  hasMore: boolean;
  gap: { from: string; to: string } | null;
  error: string | null;
}

export interface EtlJobStatus {
  job: EtlJobName;
  paused: boolean;
  configured: boolean;
  checkpoint: { sinceToken: string | null; at: string | null };
  lastSuccessAt: string | null;
  lagSeconds: number | null;
  lastError: { message: string; at: string } | null;
  backlog: { hasMore: boolean; estimatedEvents: number | null };
  running: EtlRun | null;
  lastRun: EtlRun | null;
  queued: number;
}

export interface MixCredentialsView {
  source: 'database' | 'environment' | 'none';
  configured: boolean;
  identityUrl: string | null;
  apiUrl: string | null;
  clientId: string | null;
  username: string | null;
  organisationId: string | null;
  hasClientSecret: boolean;
  hasPassword: boolean;
  updatedAt: string | null;
  tokenExpiresAt: string | null;
}

/** What the credentials form sends; a secret left out keeps the stored one. */
export interface MixCredentialsInput {
  identityUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret?: string;
  username: string;
  password?: string;
  organisationId: string;
}

const jobPath = (job: EtlJobName) => `/api/etl/jobs/${encodeURIComponent(job)}`;

export const listJobs = (signal?: AbortSignal) =>
  apiFetch<{ items: EtlJobStatus[] }>('/api/etl/jobs', { signal }).then((answer) => answer.items);

export const listRuns = (query: { job?: EtlJobName; page: number; pageSize: number }, signal?: AbortSignal) =>
  apiFetch<Page<EtlRun>>('/api/etl/runs', { query: { ...query }, signal });

export const runNow = (job: EtlJobName) =>
  apiFetch<{ queued: true; jobId: string }>(`${jobPath(job)}/run`, { method: 'POST' });

export const setPaused = (job: EtlJobName, paused: boolean) =>
  apiFetch<EtlJobStatus>(`${jobPath(job)}/${paused ? 'pause' : 'resume'}`, { method: 'POST' });

export const getCredentials = (signal?: AbortSignal) =>
  apiFetch<MixCredentialsView>('/api/etl/credentials', { signal });

export const saveCredentials = (input: MixCredentialsInput) =>
  apiFetch<MixCredentialsView>('/api/etl/credentials', { method: 'PUT', body: input });
