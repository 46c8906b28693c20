/**
 * Sliding-window limiter per credential, like the 20 requests/minute ceiling measured on MiX.
 * Only admitted requests occupy the window, so a client that waits `Retry-After` gets in.
 */
export class SlidingWindowLimiter {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Admits the request, or says how many seconds until the oldest admitted one leaves the window. */
  take(key: string, nowMs: number): { retryAfterSeconds: number } | undefined {
    if (this.limit <= 0) return undefined;
    const times = this.admitted.get(key) ?? [];
    while (times.length > 0 && times[0] <= nowMs - this.windowMs) times.shift();
    if (times.length >= this.limit) {
      return { retryAfterSeconds: Math.max(1, Math.ceil((times[0] + this.windowMs - nowMs) / 1000)) };
    }
    times.push(nowMs);
    this.admitted.set(key, times);
    return undefined;
  }

  get perMinute(): number {
    return this.limit;
  }
}
