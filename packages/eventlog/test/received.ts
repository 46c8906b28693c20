import type { DeliveredMessage, EventLog, SubscribeOptions, Subscription } from '../src/index';

/** Everything a test subscription was handed, with a way to wait until a condition holds. */
export class Received {
  readonly messages: DeliveredMessage[] = [];
  private readonly waiters = new Set<() => void>();

  add(batch: DeliveredMessage[]): void {
    this.messages.push(...batch);
    for (const check of [...this.waiters]) check();
  }

  ids(): string[] {
    return this.messages.map((message) => message.id);
  }

  /** Resolves once `condition` holds, rejects after `timeoutMs` saying what was awaited and what came. */
  until(
    condition: (messages: DeliveredMessage[]) => boolean,
    what: string,
    timeoutMs = 8_000,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition(this.messages)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; received ${this.messages.length} messages`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Waits until messages with every id in `ids` have arrived. */
  untilIds(ids: Iterable<string>, timeoutMs?: number): Promise<void> {
    const wanted = new Set(ids);
    return this.until(
      (messages) => wanted.size <= new Set(messages.map((m) => m.id).filter((id) => wanted.has(id))).size,
      `${wanted.size} ids`,
      timeoutMs,
    );
  }
}

/** Subscribes with a handler that records every batch it acknowledges. */
export async function collect(
  log: EventLog,
  options: Omit<SubscribeOptions, 'handler'> & { handler?: SubscribeOptions['handler'] },
): Promise<{ received: Received; subscription: Subscription }> {
  const received = new Received();
  const subscription = await log.subscribe({
    onError: () => {},
    ...options,
    handler: async (batch) => {
      await options.handler?.(batch);
      received.add(batch);
    },
  });
  return { received, subscription };
}

export function countBy<T>(items: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

export function messages(topic: string, count: number, key: (i: number) => string, idPrefix = 'm') {
  return Array.from({ length: count }, (_, i) => ({
    topic,
    key: key(i),
    value: JSON.stringify({ seq: i }),
    id: `${idPrefix}-${i}`,
  }));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries `check` until it stops throwing (the log acknowledges just after the handler returns). */
export async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}
