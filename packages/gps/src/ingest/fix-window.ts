/** Which fix times ingest accepts: none before `earliestMs`, none more than `maxAheadMs` from now. */
export interface FixWindowOptions {
  /** Epoch ms of the earliest fix accepted (default 2000-01-01). */
  earliestMs?: number;
  /** How far ahead of this server's clock a fix may be (default 24 h: device clocks drift). */
  maxAheadMs?: number;
}

export const DEFAULT_EARLIEST_FIX_MS = Date.UTC(2000, 0, 1);
export const DEFAULT_MAX_FIX_AHEAD_MS = 24 * 3_600_000;

/**
 * The one rule for plausible fix times on every path. A fix years ahead would freeze the vehicle's
 * latest position until then, and lands in the default partition; one from 1970 is a device without
 * a clock.
 */
export class FixWindow {
  readonly earliestMs: number;
  readonly maxAheadMs: number;

  constructor(options: FixWindowOptions = {}) {
    this.earliestMs = options.earliestMs ?? DEFAULT_EARLIEST_FIX_MS;
    this.maxAheadMs = options.maxAheadMs ?? DEFAULT_MAX_FIX_AHEAD_MS;
  }

  contains(fixedAt: Date, now = Date.now()): boolean {
    const t = fixedAt.getTime();
    return Number.isFinite(t) && t >= this.earliestMs && t <= now + this.maxAheadMs;
  }

  /** The window in words, for error messages. */
  describe(): string {
    return `between ${new Date(this.earliestMs).toISOString().slice(0, 10)} and ${this.maxAheadMs / 3_600_000} h from now`;
  }
}
