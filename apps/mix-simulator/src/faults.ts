import { DEFAULT_FAULTS, type MixFaults } from './options';
import type { Random } from './random';
import type { TokenStore } from './tokens';

/** Current fault settings plus the one-shot actions (expire tokens, revoke refresh tokens, storms). */
export class FaultInjector {
  private faults: MixFaults = { ...DEFAULT_FAULTS };
  private stormUntilMs = 0;

  constructor(
    private readonly random: Random,
    private readonly tokens: TokenStore,
  ) {}

  get current(): Readonly<MixFaults> {
    return this.faults;
  }

  set(partial: Partial<MixFaults>, nowMs: number): void {
    const next = { ...this.faults, ...partial };
    if (next.expireTokensNow) this.tokens.expireAllAccessTokens(nowMs);
    if (next.revokeRefreshTokens) this.tokens.revokeAllRefreshTokens();
    if (partial.rateLimitStorm !== undefined) {
      this.stormUntilMs = partial.rateLimitStorm > 0 ? nowMs + partial.rateLimitStorm * 1000 : 0;
    }
    this.faults = { ...next, expireTokensNow: false, revokeRefreshTokens: false };
  }

  /** Seconds left of a 429 storm, or undefined when none is running. */
  stormRetryAfter(nowMs: number): number | undefined {
    return nowMs < this.stormUntilMs ? Math.max(1, Math.ceil((this.stormUntilMs - nowMs) / 1000)) : undefined;
  }

  shouldResetConnection(): boolean {
    return this.faults.connectionResetRate > 0 && this.random.chance(this.faults.connectionResetRate);
  }

  /** A 5xx status to answer with, or undefined to serve the request normally. */
  serverErrorStatus(): number | undefined {
    if (this.faults.serverErrorRate <= 0 || !this.random.chance(this.faults.serverErrorRate))
      return undefined;
    return this.random.pick([500, 500, 502, 503]);
  }
}
