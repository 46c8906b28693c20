import type { RunStatus } from '@pioneira/contracts/enums';
import { AppError, badRequest, type Page, type PageRequest, type Queryable } from '@pioneira/core';
import { CONSOLE_JOBS } from '@pioneira/pipeline';
import type { CredentialStore, CredentialsInput, CredentialsView } from '../credentials';
import { formatSinceToken, sinceTokenTime } from '../dates';
import { type ControlRow, type EtlJobName, type RunRow, RunsRepository } from '../ingest/runs.repository';
import { backfillStartMs } from '../ingest/stream-job';

/** The console jobs that page a MiX created-since stream (they have a cursor, a lag and recoveries). */
export const STREAM_JOBS: readonly EtlJobName[] = ['mix.events', 'mix.positions', 'mix.trips'];
const isStreamJob = (job: EtlJobName) => STREAM_JOBS.includes(job);

export interface EtlServiceOptions {
  /** MIX_BACKFILL_DAYS: how far back a recovery may start. */
  backfillDays?: number;
  /** The requests admitted per stream and minute (the shared Redis budget), newest minute first. */
  usage?: (minutes: number) => Promise<Array<{ minute: Date; requests: Record<string, number> }>>;
  /** MIX_RATE_LIMIT_PER_MINUTE and MIX_LIVE_RESERVE_PER_MINUTE, for the budget view. */
  limitPerMinute?: number;
  liveReservePerMinute?: number;
}

/** How the per-credential budget was spent: per minute and stream, and per stream over the span. */
export interface EtlBudget {
  limitPerMinute: number;
  liveReservePerMinute: number;
  minutes: Array<{ minute: Date; total: number; requests: Record<string, number> }>;
  /** Requests per stream over the whole span, and their share of what the span allowed. */
  streams: Array<{ job: string; requests: number; share: number }>;
}

/** A console recovery: in progress (`active`) or the last one finished. */
export interface EtlRecovery {
  active: boolean;
  from: Date;
  /** Where the recovery cursor stands (MiX creation time). */
  position: Date | null;
  /** Where it ends: the live cursor when it was asked. */
  until: Date | null;
  startedAt: Date | null;
  pages: number;
  items: number;
  /** From the pace so far; null until a page has been paged. */
  estimatedSecondsLeft: number | null;
}

/** What the service needs from the job queue; the API passes a BullMQ-backed one. */
export interface EtlJobQueue {
  runNow(job: EtlJobName, requestedBy?: string): Promise<string>;
  waiting(job: EtlJobName): Promise<number>;
}

export interface EtlRun {
  id: string;
  job: string;
  trigger: string;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  pages: number;
  requests: number;
  fetched: number;
  inserted: number;
  duplicates: number;
  sinceTokenStart: string | null;
  sinceTokenEnd: string | null;
  hasMore: boolean;
  gap: { from: Date; to: Date } | null;
  error: string | null;
}

export interface EtlJobStatus {
  job: EtlJobName;
  paused: boolean;
  configured: boolean;
  checkpoint: { sinceToken: string | null; at: Date | null };
  lastSuccessAt: Date | null;
  /** Seconds since MiX last said "nothing more" (streams), or since the last successful run (sync). */
  lagSeconds: number | null;
  caughtUpAt: Date | null;
  /** The newest item (event start, position fix) stored by the stream, and its age. */
  newestItemAt: Date | null;
  newestItemAgeSeconds: number | null;
  /** The oldest instant a recovery may start from now (streams only). */
  recoverableFrom: Date | null;
  recovery: EtlRecovery | null;
  lastError: { message: string; at: Date } | null;
  backlog: { hasMore: boolean; estimatedEvents: number | null };
  running: EtlRun | null;
  lastRun: EtlRun | null;
  queued: number;
}

/** The integrations console: job status, history, run now, pause/resume and the MiX credentials. */
export class EtlService {
  private readonly repo: RunsRepository;

  constructor(
    sql: Queryable,
    private readonly queue: EtlJobQueue,
    private readonly credentials: CredentialStore,
    private readonly options: EtlServiceOptions = {},
  ) {
    this.repo = new RunsRepository(sql);
  }

  /**
   * "Recover from <date>": pages the stream again from `from` up to where its live cursor stands,
   * on a cursor of its own that the job pages only after the live stream has caught up. Items
   * already stored are skipped by their keys.
   */
  async recover(job: EtlJobName, from: Date, userId: string): Promise<EtlJobStatus> {
    if (!isStreamJob(job))
      throw badRequest(
        'not_a_stream',
        `${job} has no history to recover; only ${STREAM_JOBS.join(', ')} do.`,
      );
    const now = Date.now();
    const oldest = backfillStartMs(this.options.backfillDays ?? 7, now);
    if (Number.isNaN(from.getTime()) || from.getTime() < oldest || from.getTime() >= now)
      throw badRequest(
        'recover_out_of_window',
        `MiX keeps ${this.options.backfillDays ?? 7} days of history: recover from a time between ${new Date(oldest).toISOString()} and now.`,
      );
    const control = await this.repo.findControl(job);
    if (control?.paused)
      throw new AppError(409, 'job_paused', `${job} is paused; resume it before recovering.`);
    if (!(await this.credentials.view()).configured)
      throw new AppError(409, 'mix_not_configured', 'MiX is not configured: save the credentials first.');
    await this.repo.startRecovery(job, from, formatSinceToken(from.getTime()), formatSinceToken(now), userId);
    await this.queue.runNow(job, userId);
    return this.status(job);
  }

  /** Cancels the recovery in progress of a stream; 409 when there is none. */
  async cancelRecovery(job: EtlJobName): Promise<EtlJobStatus> {
    if (!isStreamJob(job))
      throw badRequest(
        'not_a_stream',
        `${job} has no history to recover; only ${STREAM_JOBS.join(', ')} do.`,
      );
    if (!(await this.repo.cancelRecovery(job)))
      throw new AppError(409, 'no_recovery', `${job} has no recovery in progress to cancel.`);
    return this.status(job);
  }

  /** The budget split per stream over the last `minutes` minutes (1–60). */
  async budget(minutes = 10): Promise<EtlBudget> {
    const span = Math.max(1, Math.min(60, Math.trunc(minutes)));
    const limit = this.options.limitPerMinute ?? 20;
    const usage = this.options.usage ? await this.options.usage(span) : [];
    const totals = new Map<string, number>(CONSOLE_JOBS.map((job) => [job, 0]));
    const perMinute = usage.map((m) => {
      let total = 0;
      for (const [job, n] of Object.entries(m.requests)) {
        total += n;
        totals.set(job, (totals.get(job) ?? 0) + n);
      }
      return { minute: m.minute, total, requests: m.requests };
    });
    return {
      limitPerMinute: limit,
      liveReservePerMinute: this.options.liveReservePerMinute ?? 0,
      minutes: perMinute,
      streams: [...totals].map(([job, requests]) => ({
        job,
        requests,
        share: Math.round((requests / (limit * span)) * 1000) / 1000,
      })),
    };
  }

  async statuses(): Promise<EtlJobStatus[]> {
    const configured = (await this.credentials.view()).configured;
    return Promise.all(CONSOLE_JOBS.map((job) => this.statusOf(job, configured)));
  }

  async status(job: EtlJobName): Promise<EtlJobStatus> {
    return this.statusOf(job, (await this.credentials.view()).configured);
  }

  async runs(job: EtlJobName | undefined, page: PageRequest): Promise<Page<EtlRun>> {
    const { rows, total } = await this.repo.runs(job, page);
    return { items: rows.map(toRun), total, ...page };
  }

  async runNow(job: EtlJobName, userId: string): Promise<{ queued: true; jobId: string }> {
    const control = await this.repo.findControl(job);
    if (control?.paused)
      throw new AppError(409, 'job_paused', `${job} is paused; resume it before running it.`);
    if (!(await this.credentials.view()).configured)
      throw new AppError(409, 'mix_not_configured', 'MiX is not configured: save the credentials first.');
    return { queued: true, jobId: await this.queue.runNow(job, userId) };
  }

  async setPaused(job: EtlJobName, paused: boolean): Promise<EtlJobStatus> {
    await this.repo.setPaused(job, paused);
    return this.status(job);
  }

  credentialsView(): Promise<CredentialsView> {
    return this.credentials.view();
  }

  async saveCredentials(input: CredentialsInput, userId: string): Promise<CredentialsView> {
    const current = await this.credentials.view();
    const keepsSecrets = current.source === 'database';
    // A stored secret is only ever sent to the endpoints it was entered for: moving an endpoint
    // without typing the secrets again would hand them to whoever runs the new address.
    const moved =
      keepsSecrets && (input.identityUrl !== current.identityUrl || input.apiUrl !== current.apiUrl);
    if (moved && (!input.clientSecret || !input.password))
      throw badRequest(
        'secrets_required',
        'Changing the identity or API URL needs the client secret and the password again: send both.',
      );
    if (!input.clientSecret && !(keepsSecrets && current.hasClientSecret))
      throw badRequest('client_secret_required', 'Send the client secret: none is stored yet.');
    if (!input.password && !(keepsSecrets && current.hasPassword))
      throw badRequest('password_required', 'Send the MiX password: none is stored yet.');
    await this.credentials.save(input, userId);
    return this.credentials.view();
  }

  private async statusOf(job: EtlJobName, configured: boolean): Promise<EtlJobStatus> {
    const [control, marks, queued] = await Promise.all([
      this.repo.findControl(job),
      this.repo.landmarks(job),
      this.queue.waiting(job).catch(() => 0),
    ]);
    const success = marks.success ? toRun(revive(marks.success)) : null;
    const failure = marks.failure ? toRun(revive(marks.failure)) : null;
    const last = marks.last ? toRun(revive(marks.last)) : null;
    const checkpointMs = sinceTokenTime(control?.last_successful_sincetoken);
    const stream = isStreamJob(job);
    const lagFrom = stream ? control?.caught_up_at?.getTime() : success?.finishedAt?.getTime();
    const age = (ms: number | undefined) =>
      ms === undefined ? null : Math.max(0, Math.round((Date.now() - ms) / 1000));
    return {
      job,
      paused: control?.paused ?? false,
      configured,
      checkpoint: {
        sinceToken: control?.last_successful_sincetoken ?? null,
        at: checkpointMs === undefined ? null : new Date(checkpointMs),
      },
      lastSuccessAt: success?.finishedAt ?? null,
      lagSeconds: age(lagFrom),
      caughtUpAt: stream ? (control?.caught_up_at ?? null) : null,
      newestItemAt: control?.newest_item_at ?? null,
      newestItemAgeSeconds: age(control?.newest_item_at?.getTime()),
      recoverableFrom: stream ? new Date(backfillStartMs(this.options.backfillDays ?? 7)) : null,
      recovery: recoveryOf(control),
      lastError:
        failure && (!success || failure.startedAt > success.startedAt)
          ? { message: failure.error ?? 'failed', at: failure.finishedAt ?? failure.startedAt }
          : null,
      backlog: { hasMore: control?.has_more ?? false, estimatedEvents: estimateBacklog(control, last) },
      running: marks.running ? toRun(revive(marks.running)) : null,
      lastRun: last,
      queued,
    };
  }
}

function recoveryOf(control: ControlRow | undefined): EtlRecovery | null {
  if (!control?.recover_from) return null;
  const position = sinceTokenTime(control.recover_token);
  const until = sinceTokenTime(control.recover_until);
  const active = position !== undefined;
  let left: number | null = null;
  const startedMs = control.recover_started_at?.getTime();
  if (active && until !== undefined && startedMs !== undefined && control.recover_pages > 0) {
    // MiX time covered per second of wall time so far, applied to the MiX time still to cover.
    const covered = position - control.recover_from.getTime();
    const elapsed = Date.now() - startedMs;
    left = covered > 0 && elapsed > 0 ? Math.round(((until - position) / covered) * (elapsed / 1000)) : null;
  }
  return {
    active,
    from: control.recover_from,
    position: position === undefined ? null : new Date(position),
    until: until === undefined ? null : new Date(until),
    startedAt: control.recover_started_at,
    pages: control.recover_pages,
    items: control.recover_items,
    estimatedSecondsLeft: active ? (left === null ? null : Math.max(0, left)) : 0,
  };
}

/**
 * MiX does not say how many events wait. The last run's density (events per second of MiX creation
 * time it covered) times the time still to cover is a fair estimate while a backlog exists.
 */
function estimateBacklog(control: ControlRow | undefined, last: EtlRun | null): number | null {
  if (!control?.has_more) return 0;
  const from = sinceTokenTime(last?.sinceTokenStart);
  const to = sinceTokenTime(last?.sinceTokenEnd);
  if (!last || from === undefined || to === undefined || to <= from) return null;
  const perMs = last.fetched / (to - from);
  return Math.round(perMs * Math.max(0, Date.now() - to));
}

/** Rows read through to_jsonb come back with timestamps as strings. */
function revive(row: RunRow): RunRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return {
    ...row,
    id: String(row.id),
    started_at: date(row.started_at)!,
    finished_at: date(row.finished_at),
    heartbeat_at: date(row.heartbeat_at)!,
    gap_from: date(row.gap_from),
    gap_to: date(row.gap_to),
  };
}

function toRun(r: RunRow): EtlRun {
  return {
    id: String(r.id),
    job: r.job,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms ?? (r.status === 'running' ? Date.now() - r.started_at.getTime() : null),
    pages: r.pages,
    requests: r.requests,
    fetched: r.fetched,
    inserted: r.inserted,
    duplicates: r.duplicates,
    sinceTokenStart: r.since_token_start,
    sinceTokenEnd: r.since_token_end,
    hasMore: r.has_more,
    gap: r.gap_from && r.gap_to ? { from: r.gap_from, to: r.gap_to } : null,
    error: r.error,
  };
}
