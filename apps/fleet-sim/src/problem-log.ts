import type { Outcome } from './delivery-queue';
import type { SimProtocol } from './fleet';

const SUMMARY_EVERY_MS = 30_000;

/**
 * Delivery problems grouped by protocol and reason: the first of each kind is logged at once, repeats
 * are summed into one line per kind every 30 s, so 200 devices retrying do not flood the console.
 */
export class ProblemLog {
  private readonly seen = new Set<string>();
  private readonly repeats = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: (line: string) => void) {
    this.timer = setInterval(() => this.flush(), SUMMARY_EVERY_MS);
    this.timer.unref();
  }

  note(protocol: SimProtocol, identifier: string, outcome: Exclude<Outcome, { kind: 'acked' }>): void {
    // Servers name the device ("Unknown device FSP3A21"); group those lines across the fleet.
    const reason = outcome.reason.split(identifier).join('<device>');
    this.count(
      `${protocol} ${outcome.kind === 'refused' ? 'refused (dropped)' : 'not acknowledged (will resend)'}: ${reason}`,
    );
  }

  /** Logs the first of a kind (`first`, with its details) at once; repeats are only counted. */
  private count(key: string, first = key): void {
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.log(first);
    } else {
      this.repeats.set(key, (this.repeats.get(key) ?? 0) + 1);
    }
  }

  /**
   * A server message a simulated device could not read and ignored, grouped by what was wrong (the
   * message's bytes, in brackets at the end, are shown for the first of each kind only).
   */
  ignored(protocol: SimProtocol, identifier: string, problem: string): void {
    const line = `${protocol} ignored a server message: ${problem.split(identifier).join('<device>')}`;
    this.count(line.replace(/ \[[^\]]*\]$/, ''), line);
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }

  private flush(): void {
    for (const [key, count] of this.repeats) this.log(`${key} — ${count} more times`);
    this.repeats.clear();
  }
}
