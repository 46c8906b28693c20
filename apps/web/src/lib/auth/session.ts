import { ApiError } from '../api/errors';
import { request } from '../api/http';
import { withRefreshLock } from './refresh-lock';
import type { AuthTokens, User } from './types';

export type SessionStatus = 'loading' | 'authenticated' | 'anonymous';

export interface SessionState {
  status: SessionStatus;
  user: User | null;
  /** Why the session ended without the user asking: shown on the login page. */
  endedBecause?: 'expired';
}

const RETRY_UNREACHABLE_MS = 15_000;

/** Refresh a minute before expiry, or at 80% of the lifetime for short-lived tokens. */
export const refreshDelayMs = (expiresInSeconds: number) =>
  Math.max(expiresInSeconds * 1000 - 60_000, expiresInSeconds * 800);

/**
 * The signed-in user and the access token, kept in memory only (never in storage, so a script
 * injected into the page cannot lift it from there). The refresh token lives in an httpOnly cookie.
 */
export class AuthSession {
  private state: SessionState = { status: 'loading', user: null };
  private accessToken: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<boolean> | undefined;
  private readonly listeners = new Set<() => void>();

  readonly getState = (): SessionState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get token(): string | null {
    return this.accessToken;
  }

  /** Waits for a refresh under way (e.g. the one at page load) so a caller does not race it. */
  async settled(): Promise<void> {
    await this.inflight;
  }

  /** Trades the refresh cookie for a new access token. Concurrent callers share one request. */
  refresh(): Promise<boolean> {
    this.inflight ??= this.runRefresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  async login(email: string, password: string): Promise<User> {
    const tokens = await request<AuthTokens>('/api/auth/login', {
      method: 'POST',
      body: { email, password },
    });
    this.accept(tokens);
    return tokens.user;
  }

  async logout(): Promise<void> {
    const accessToken = this.accessToken;
    this.end();
    try {
      await request('/api/auth/logout', { method: 'POST', accessToken });
    } catch {
      // Signing out locally matters most; the cookie expires on its own if the API is unreachable.
    }
  }

  /** Replaces the user after the profile changed. */
  updateUser(user: User): void {
    if (this.state.status === 'authenticated') this.set({ status: 'authenticated', user });
  }

  private async runRefresh(): Promise<boolean> {
    try {
      const tokens = await withRefreshLock(() =>
        request<AuthTokens>('/api/auth/refresh', { method: 'POST' }),
      );
      this.accept(tokens);
      return true;
    } catch (error) {
      const unreachable = error instanceof ApiError && error.status === 0;
      if (unreachable && this.state.status === 'authenticated') {
        // A blip of the network is no reason to sign the user out: try again soon.
        this.schedule(RETRY_UNREACHABLE_MS);
        return false;
      }
      this.end(this.state.status === 'authenticated' ? 'expired' : undefined);
      return false;
    }
  }

  private accept(tokens: AuthTokens) {
    this.accessToken = tokens.accessToken;
    this.schedule(refreshDelayMs(tokens.expiresIn));
    this.set({ status: 'authenticated', user: tokens.user });
  }

  private end(endedBecause?: SessionState['endedBecause']) {
    this.accessToken = null;
    clearTimeout(this.timer);
    this.set({ status: 'anonymous', user: null, endedBecause });
  }

  private schedule(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  private set(state: SessionState) {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The browser tab's one session. */
export const session = new AuthSession();
