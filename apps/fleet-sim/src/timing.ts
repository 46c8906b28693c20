/** Waits `ms`, or less if the signal aborts first (resolves either way: callers check the signal). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const MAX_RETRY_AFTER_MS = 120_000;

/** Exponential backoff with full jitter; a server's Retry-After wins when it gives one. */
export class Backoff {
  private failures = 0;

  reset(): void {
    this.failures = 0;
  }

  next(retryAfterMs?: number): number {
    this.failures++;
    if (retryAfterMs !== undefined) return Math.min(MAX_RETRY_AFTER_MS, Math.max(100, retryAfterMs));
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (this.failures - 1));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
