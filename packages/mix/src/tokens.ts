import type { CredentialStore, MixCredentials } from './credentials';
import { fingerprintOf } from './credentials';
import { authRefused, MixError } from './errors';
import { backoffMs, isTransportError, type RetryPolicy } from './retry';
import { sleep, withDeadline } from './sleep';

/** The only scope MiX Integrate app registrations accept; `offline_access` yields refresh tokens. */
export const MIX_SCOPE = 'offline_access MiX.Integrate';

// Refresh a little before expiry so a page request never leaves with a token about to die.
const EARLY_MS = 60_000;

interface Grant {
  token: string;
  expiresAt: number;
}

/**
 * Access tokens for one account: password login once, then the refresh-token flow, falling back to
 * the password grant when a refresh token is refused. Tokens are persisted (encrypted) so replicas
 * and restarts reuse them instead of logging in again.
 */
export class MixTokens {
  private current?: Grant;
  private rejected?: string;
  private pending?: Promise<string>;
  private readonly fingerprint: string;
  /** Token endpoint calls made (the identity server is not counted against the API budget). */
  requests = 0;

  constructor(
    private readonly credentials: MixCredentials,
    private readonly store: CredentialStore,
    private readonly retry: RetryPolicy,
  ) {
    this.fingerprint = fingerprintOf(credentials);
  }

  /** A valid bearer token, obtaining a new one only when needed (one at a time per process). */
  async get(signal?: AbortSignal): Promise<string> {
    if (this.current && this.current.expiresAt - EARLY_MS > Date.now()) return this.current.token;
    this.pending ??= this.obtain(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** MiX answered 401 with this token: never use it again. */
  invalidate(token: string): void {
    this.rejected = token;
    if (this.current?.token === token) this.current = undefined;
  }

  private async obtain(signal?: AbortSignal): Promise<string> {
    const stored = await this.store.loadTokens(this.fingerprint);
    const expiresAt = stored.accessTokenExpiresAt?.getTime() ?? 0;
    if (stored.accessToken && stored.accessToken !== this.rejected && expiresAt - EARLY_MS > Date.now()) {
      this.current = { token: stored.accessToken, expiresAt };
      return stored.accessToken;
    }
    if (stored.refreshToken) {
      const refreshed = await this.grant(
        { grant_type: 'refresh_token', refresh_token: stored.refreshToken },
        signal,
      );
      if (refreshed) return refreshed;
    }
    const token = await this.grant(
      {
        grant_type: 'password',
        username: this.credentials.username,
        password: this.credentials.password,
        scope: MIX_SCOPE,
      },
      signal,
    );
    if (!token) throw authRefused('password grant refused');
    return token;
  }

  /** Runs one grant; undefined when the grant itself is refused (invalid_grant). */
  private async grant(fields: Record<string, string>, signal?: AbortSignal): Promise<string | undefined> {
    const form = new URLSearchParams({
      ...fields,
      client_id: this.credentials.clientId,
      client_secret: this.credentials.clientSecret,
    });
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      let body: Record<string, unknown>;
      try {
        this.requests++;
        [response, body] = await withDeadline(signal, this.retry.timeoutMs, async (deadline) => {
          const r = await fetch(`${this.credentials.identityUrl}/connect/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
            body: form,
            signal: deadline,
          });
          return [r, (await r.json().catch(() => ({}))) as Record<string, unknown>] as const;
        });
      } catch (error) {
        signal?.throwIfAborted();
        if (!isTransportError(error) || attempt >= this.retry.maxAttempts) throw unreachable(error);
        await sleep(backoffMs(this.retry, attempt), signal);
        continue;
      }
      if (response.ok && typeof body.access_token === 'string') {
        const lifetime = Number(body.expires_in ?? 3600);
        this.current = { token: body.access_token, expiresAt: Date.now() + lifetime * 1000 };
        await this.store.saveTokens(this.fingerprint, {
          accessToken: body.access_token,
          accessTokenExpiresAt: new Date(this.current.expiresAt),
          refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
        });
        return body.access_token;
      }
      if (response.status >= 500 || response.status === 429) {
        if (attempt >= this.retry.maxAttempts)
          throw new MixError(
            'mix_identity_unavailable',
            `MiX identity server answered ${response.status}; try again later.`,
            false,
            response.status,
          );
        await sleep(backoffMs(this.retry, attempt), signal);
        continue;
      }
      if (body.error === 'invalid_grant' && fields.grant_type === 'refresh_token') return undefined;
      if (body.error === 'invalid_grant') return undefined;
      throw authRefused(
        `${response.status} ${String(body.error ?? '')} ${String(body.error_description ?? '')}`.trim(),
      );
    }
  }
}

const unreachable = (error: unknown) =>
  new MixError(
    'mix_unreachable',
    `Could not reach MiX: ${(error as Error).message}. Check MIX_IDENTITY_URL and the network.`,
  );
