import type { DeliveredMessage, Subscription } from './types';

/** What an adapter does with a batch once its handler has settled. */
export interface BatchOutcome {
  ack(): Promise<void>;
  /** Makes the batch come back (to this consumer first, where the adapter can). */
  fail(): Promise<void>;
}

/**
 * The part of a subscription every adapter shares: read steps run in loops until stop(), handler calls
 * are serialized (one batch at a time per subscription, whatever the number of read loops), a batch is
 * acknowledged only after its handler resolves, and a failed batch waits `retryDelayMs` before it is
 * released for redelivery, so a poison message does not spin the CPU.
 */
export class ConsumerLoop implements Subscription {
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private turn: Promise<void> = Promise.resolve();
  private readonly sleepers = new Set<() => void>();
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly handler: (batch: DeliveredMessage[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly retryDelayMs: number,
    private readonly interrupt: () => Promise<void> = async () => {},
    private readonly onStopped: () => Promise<void> = async () => {},
  ) {}

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Runs `step` again and again until stop(); a step that throws is reported and retried after a pause. */
  run(step: () => Promise<void>): void {
    const loop = async () => {
      while (!this.stopping) {
        try {
          await step();
        } catch (error) {
          if (this.stopping) break;
          this.onError(error);
          await this.pause(this.retryDelayMs);
        }
      }
    };
    this.loops.push(loop());
  }

  /** Hands a batch to the handler (after any batch in progress) and acks or fails it. */
  handle(batch: DeliveredMessage[], outcome: BatchOutcome): Promise<void> {
    // A batch already read is handled even when stop() has begun: that is "finish the current batch".
    const next = this.turn.then(async () => {
      let handled = false;
      try {
        await this.handler(batch);
        handled = true;
      } catch (error) {
        this.onError(error);
      }
      if (handled) return outcome.ack();
      await this.pause(this.retryDelayMs);
      await outcome.fail();
    });
    this.turn = next.catch(() => {});
    return next;
  }

  /** Waits `ms`, or less if stop() is called meanwhile. */
  pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  stop(): Promise<void> {
    this.stopped ??= this.finish();
    return this.stopped;
  }

  private async finish(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    await this.interrupt().catch(() => {});
    await Promise.all(this.loops);
    await this.turn;
    await this.onStopped().catch(() => {});
  }
}
