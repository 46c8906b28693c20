import type { CredentialStore, MixCredentials } from './credentials';
import { MixError, SinceTokenTooOldError } from './errors';
import { int64ArrayJson, parseInt64Json } from './int64-json';
import type { AcquireOptions, RedisRateLimiter } from './rate-limiter';
import { backoffMs, DEFAULT_RETRY, isTransportError, type RetryPolicy, retryAfterMs } from './retry';
import { sleep, withDeadline } from './sleep';
import { MixTokens } from './tokens';

/** A MiX entity as parsed: PascalCase fields, int64 ids as exact decimal strings. */
export type MixEntity = Record<string, unknown>;

export interface CreatedSincePage {
  status: 200 | 204;
  events: MixEntity[];
  hasMore: boolean;
  /** The cursor for the next call (unchanged when MiX did not send one). */
  sinceToken: string;
}

export interface MixClientOptions {
  credentials: MixCredentials;
  store: CredentialStore;
  limiter: RedisRateLimiter;
  retry?: Partial<RetryPolicy>;
  log?: (message: string, fields?: Record<string, unknown>) => void;
}

/** Counters of one client, for etl_runs and the benchmark. */
export interface MixClientStats {
  requests: number;
  rateLimited: number;
  retries: number;
}

/** The MiX Integrate REST API for one account, with retries, token handling and the shared budget. */
export class MixClient {
  readonly stats: MixClientStats = { requests: 0, rateLimited: 0, retries: 0 };
  readonly tokens: MixTokens;
  /**
   * Set by the stream runner: the requests that follow are a back-fill (a recovery, or a cursor far
   * behind), which leaves the budget's live reserve to the live polling of the other streams.
   */
  backfill = false;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: MixClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.tokens = new MixTokens(options.credentials, options.store, this.retry);
  }

  get organisationId(): string {
    return this.options.credentials.organisationId;
  }

  drivers(signal?: AbortSignal): Promise<MixEntity[]> {
    return this.list(`api/drivers/organisation/${this.organisationId}`, signal);
  }

  assets(signal?: AbortSignal): Promise<MixEntity[]> {
    return this.list(`api/assets/group/${this.organisationId}`, signal);
  }

  libraryEvents(signal?: AbortSignal): Promise<MixEntity[]> {
    return this.list(`api/libraryevents/organisation/${this.organisationId}`, signal);
  }

  /** One page of events created after `sinceToken`, for the whole organisation (body `[orgId]`). */
  eventsCreatedSince(sinceToken: string, quantity: number, signal?: AbortSignal): Promise<CreatedSincePage> {
    return this.createdSince('events', sinceToken, quantity, signal);
  }

  /** One page of positions received after `sinceToken`, for the whole organisation (body `[orgId]`). */
  positionsCreatedSince(
    sinceToken: string,
    quantity: number,
    signal?: AbortSignal,
  ): Promise<CreatedSincePage> {
    return this.createdSince('positions', sinceToken, quantity, signal);
  }

  /** One page of trips (with their sub-trips) created after `sinceToken`, for the whole organisation. */
  tripsCreatedSince(sinceToken: string, quantity: number, signal?: AbortSignal): Promise<CreatedSincePage> {
    return this.createdSince('trips', sinceToken, quantity, signal);
  }

  private async createdSince(
    stream: 'events' | 'positions' | 'trips',
    sinceToken: string,
    quantity: number,
    signal?: AbortSignal,
  ): Promise<CreatedSincePage> {
    const path = `api/${stream}/groups/createdsince/entitytype/Asset/sincetoken/${encodeURIComponent(sinceToken)}/quantity/${quantity}${stream === 'trips' ? '?includeSubTrips=True' : ''}`;
    const response = await this.request('POST', path, int64ArrayJson([this.organisationId]), signal, {
      label: `mix.${stream}`,
      backfill: this.backfill,
    });
    const next = response.headers.get('GetSinceToken')?.trim() || sinceToken;
    const more = response.headers.get('HasMoreItems');
    if (response.status === 204) return { status: 204, events: [], hasMore: isTrue(more), sinceToken: next };
    const events = parseArray(response.text, path);
    // The official client refuses a page without HasMoreItems; a full page then probably has more.
    const hasMore = more === null ? events.length >= quantity : isTrue(more);
    return { status: 200, events, hasMore, sinceToken: next };
  }

  private async list(path: string, signal?: AbortSignal): Promise<MixEntity[]> {
    const response = await this.request('GET', path, undefined, signal, { label: 'mix.sync' });
    return response.status === 204 || response.status === 404 ? [] : parseArray(response.text, path);
  }

  /** One logical request: waits for budget, retries transport errors and 5xx, honours 429, re-auths once on 401. */
  private async request(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    signal?: AbortSignal,
    who: AcquireOptions = {},
  ) {
    const url = `${this.options.credentials.apiUrl}/${path}`;
    let failures = 0;
    let limited = 0;
    let reauthenticated = false;
    for (;;) {
      const token = await this.tokens.get(signal);
      await this.options.limiter.acquire(signal, who);
      this.stats.requests++;
      let response: Response;
      let text: string;
      try {
        [response, text] = await withDeadline(signal, this.retry.timeoutMs, async (deadline) => {
          const r = await fetch(url, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              accept: 'application/json',
              ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body,
            signal: deadline,
          });
          return [r, await r.text()] as const;
        });
      } catch (error) {
        signal?.throwIfAborted();
        if (!isTransportError(error) || ++failures >= this.retry.maxAttempts)
          throw new MixError(
            'mix_unreachable',
            `MiX did not answer ${method} ${path}: ${describe(error)}. It will be retried on the next run.`,
          );
        await this.pause(backoffMs(this.retry, failures), `transport error: ${describe(error)}`, signal);
        continue;
      }
      if (response.status === 401 && !reauthenticated) {
        reauthenticated = true;
        this.tokens.invalidate(token);
        continue;
      }
      if (response.status === 429) {
        this.stats.rateLimited++;
        if (++limited > this.retry.maxRateLimited)
          throw new MixError(
            'mix_rate_limited',
            `MiX kept answering 429 (${limited} times) for ${path}; the run stops and resumes later.`,
          );
        const wait = retryAfterMs(response.headers.get('retry-after')) ?? this.retry.rateLimitedDelayMs;
        await this.options.limiter.block(wait);
        this.options.log?.('MiX answered 429; waiting', { waitMs: wait });
        continue;
      }
      if (response.status >= 500) {
        if (++failures >= this.retry.maxAttempts)
          throw new MixError(
            'mix_server_error',
            `MiX answered ${response.status} to ${method} ${path} ${failures} times; it will be retried on the next run.`,
            false,
            response.status,
          );
        await this.pause(backoffMs(this.retry, failures), `HTTP ${response.status}`, signal);
        continue;
      }
      if (response.status === 400 && /older than 7 days/i.test(text))
        throw new SinceTokenTooOldError(text.slice(0, 200));
      if (response.status === 401)
        throw new MixError(
          'mix_not_authorised',
          `MiX refused ${path} even with a fresh token (${text.slice(0, 120)}). Check MIX_ORGANISATION_ID and the account's rights.`,
          true,
          401,
        );
      if (response.status >= 400 && response.status !== 404)
        throw new MixError(
          'mix_request_refused',
          `MiX answered ${response.status} to ${method} ${path}: ${text.slice(0, 200)}`,
          true,
          response.status,
        );
      return { status: response.status, headers: response.headers, text };
    }
  }

  private async pause(ms: number, why: string, signal?: AbortSignal) {
    this.stats.retries++;
    this.options.log?.(`MiX request failed (${why}); retrying`, { waitMs: ms });
    await sleep(ms, signal);
  }
}

const isTrue = (value: string | null) => value?.trim().toLowerCase() === 'true';

function parseArray(text: string, path: string): MixEntity[] {
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = parseInt64Json(text);
  } catch {
    throw new MixError(
      'mix_bad_response',
      `MiX sent a body that is not JSON for ${path}: ${text.slice(0, 120)}`,
    );
  }
  if (!Array.isArray(value))
    throw new MixError('mix_bad_response', `MiX sent ${typeof value} instead of an array for ${path}`);
  return value as MixEntity[];
}

function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.name ?? String(error);
}
