import type { ProtocolStats } from './stats';
import { Backoff, pause } from './timing';
import type { Fix } from './wire';

/** What became of one transmission of a batch. */
export type Outcome =
  /** The server has the whole batch. */
  | { kind: 'acked' }
  /** Not taken this time (overload, network, short ACK): send the same batch again. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Refused for good (bad request, unknown device, bad token): the batch is dropped. */
  | { kind: 'refused'; reason: string };

/** Puts one batch on the wire; must not throw for anything a retry could fix. */
export type Transmit = (batch: Fix[], signal: AbortSignal) => Promise<Outcome>;

export interface DeliveryOptions {
  /** Send once this many fixes are buffered (1 = each fix at once). */
  minBatch: number;
  /** Most fixes in one transmission. */
  maxBatch: number;
  /** Oldest fixes are dropped (and counted as failed) beyond this many buffered. */
  maxQueued: number;
}

/**
 * One device's outgoing buffer: fixes leave in order, one transmission at a time, and a batch stays at
 * the head of the queue until the server acknowledges it, so nothing is lost to a retry.
 */
export class DeliveryQueue {
  private readonly queue: Fix[] = [];
  private readonly backoff = new Backoff();
  private pumping: Promise<void> | null = null;
  private flushing = false;
  private readonly stopped = new AbortController();

  constructor(
    private readonly transmit: Transmit,
    private readonly options: DeliveryOptions,
    private readonly stats: ProtocolStats,
    /** Told of every transmission that was not acknowledged (for logs). */
    private readonly onProblem: (outcome: Exclude<Outcome, { kind: 'acked' }>) => void,
  ) {}

  enqueue(fix: Fix): void {
    this.queue.push(fix);
    this.stats.queued++;
    if (this.queue.length > this.options.maxQueued) {
      this.queue.shift();
      this.stats.queued--;
      this.stats.failed++;
    }
    this.kick();
  }

  /** Sends everything still buffered (even a partial batch), retrying until `deadline` (epoch ms). */
  async close(deadline: number): Promise<void> {
    this.flushing = true;
    const timer = setTimeout(() => this.stopped.abort(), Math.max(0, deadline - Date.now()));
    try {
      this.kick();
      await this.pumping;
    } finally {
      clearTimeout(timer);
      this.stopped.abort();
      this.stats.failed += this.queue.length;
      this.stats.queued -= this.queue.length;
      this.queue.length = 0;
    }
  }

  private kick(): void {
    if (this.pumping || !this.ready()) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (!this.stopped.signal.aborted) this.kick();
    });
  }

  private ready(): boolean {
    if (this.stopped.signal.aborted) return false;
    return this.queue.length >= (this.flushing ? 1 : this.options.minBatch);
  }

  private async pump(): Promise<void> {
    const signal = this.stopped.signal;
    while (this.ready()) {
      const batch = this.queue.slice(0, this.options.maxBatch);
      let first = true;
      for (;;) {
        if (first) this.stats.sent += batch.length;
        else this.stats.retried += batch.length;
        first = false;
        const outcome = await this.transmit(batch, signal);
        if (outcome.kind === 'acked') {
          this.stats.acked += batch.length;
          this.backoff.reset();
          break;
        }
        this.onProblem(outcome);
        if (outcome.kind === 'refused') {
          this.stats.failed += batch.length;
          break;
        }
        if (signal.aborted) return; // still queued: close() counts it as failed
        await pause(this.backoff.next(outcome.retryAfterMs), signal);
        if (signal.aborted) return;
      }
      this.queue.splice(0, batch.length);
      this.stats.queued -= batch.length;
    }
  }
}
