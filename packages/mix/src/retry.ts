/** How the connector waits and retries; tests shorten every delay. */
export interface RetryPolicy {
  /** Attempts per request for 5xx, connection resets and timeouts. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-request timeout (the official client waits 480 s; a stuck socket should not). */
  timeoutMs: number;
  /** Wait after a 429 without Retry-After (MiX community practice: at least a minute). */
  rateLimitedDelayMs: number;
  /** 429s tolerated for one request before giving up (a storm longer than this fails the run). */
  maxRateLimited: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  timeoutMs: 60_000,
  rateLimitedDelayMs: 60_000,
  maxRateLimited: 30,
};

/** Exponential backoff with full jitter on the upper half, capped. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Reads `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A fetch that failed below HTTP (reset, refused, DNS, timeout): worth retrying. */
export function isTransportError(error: unknown): boolean {
  const e = error as { name?: string; cause?: unknown };
  return (
    e?.name === 'TimeoutError' ||
    e?.name === 'TypeError' ||
    e?.name === 'SocketError' ||
    e?.cause !== undefined
  );
}
