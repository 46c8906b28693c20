/** Where a connection report goes: a structured logger's warn, in practice. */
export type ReportSink = (message: string, fields: Record<string, unknown>) => void;

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

interface ComponentState {
  failing: boolean;
  reportedAt: number;
  suppressed: number;
}

const detailOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const codeOf = (error: unknown) =>
  (error as { code?: unknown }).code !== undefined
    ? String((error as { code?: unknown }).code)
    : error instanceof Error
      ? error.message
      : String(error);

/**
 * Turns a lost connection's endless error events (ioredis clients, BullMQ queues and workers retry on
 * their own) into one structured line per component when it starts failing, one summary per interval
 * while it keeps failing (how many errors were not logged), and one line when it is back: an outage
 * is visible, never a flood, and every error has a listener (none reaches console.error).
 */
export class ConnectionErrors {
  private readonly components = new Map<string, ComponentState>();
  /** Components that say themselves when they are back (ioredis clients emit `ready`). */
  private readonly announcing = new Set<string>();

  constructor(
    private readonly warn: ReportSink,
    private readonly info: ReportSink = warn,
    private readonly intervalMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one error of a component; logs it if it is the first since the last report interval. */
  report(component: string, error: unknown): void {
    const at = this.now();
    const state = this.components.get(component);
    if (!state?.failing) {
      this.components.set(component, { failing: true, reportedAt: at, suppressed: 0 });
      this.warn(`${component}: failing (${codeOf(error)}); retrying`, {
        component,
        error: codeOf(error),
        detail: detailOf(error),
      });
      return;
    }
    if (at - state.reportedAt < this.intervalMs) {
      state.suppressed += 1;
      return;
    }
    this.warn(
      `${component}: still failing (${codeOf(error)}); ${state.suppressed + 1} errors since last report`,
      {
        component,
        error: codeOf(error),
        errors: state.suppressed + 1,
      },
    );
    state.reportedAt = at;
    state.suppressed = 0;
  }

  /** The component works again (after failing): one line, and the next failure is reported at once. */
  recovered(component: string): void {
    const state = this.components.get(component);
    if (!state?.failing) return;
    state.failing = false;
    this.info(`${component}: connection restored`, { component });
    // BullMQ queues and workers and the log consumers never announce a reconnect: a Redis client
    // that is back means they are too (they share the server); a new error reports them again.
    for (const [name, other] of this.components) {
      if (!other.failing || this.announcing.has(name)) continue;
      other.failing = false;
      this.info(`${name}: connection restored`, { component: name });
    }
  }

  /**
   * Listens to an emitter's `error` events under a component name, and to `ready` (ioredis emits it
   * on every successful reconnect) to note recovery. Returns the emitter.
   */
  watch<E extends ErrorEmitter>(emitter: E, component: string): E {
    emitter.on('error', (error) => this.report(component, error));
    const client = emitter as unknown as {
      status?: unknown;
      on(event: 'ready', listener: () => void): unknown;
    };
    if (typeof client.status === 'string') {
      this.announcing.add(component);
      client.on('ready', () => this.recovered(component));
    }
    return emitter;
  }

  /** Components failing now (for tests and diagnostics). */
  failing(): string[] {
    return [...this.components].filter(([, s]) => s.failing).map(([name]) => name);
  }
}
