import { randomBytes } from 'node:crypto';

interface AccessGrant {
  credential: string;
  expiresAtMs: number;
}

interface RefreshGrant {
  clientId: string;
  username: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/**
 * Opaque bearer and refresh tokens held in memory. Refresh tokens are one-time: redeeming one
 * returns a new one (rotation), and a redeemed or revoked token is refused afterwards.
 */
export class TokenStore {
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();

  issue(clientId: string, username: string, lifetimeSeconds: number, nowMs: number): IssuedTokens {
    this.pruneExpired(nowMs);
    const accessToken = randomBytes(96).toString('base64url');
    const refreshToken = randomBytes(32).toString('hex');
    this.access.set(accessToken, {
      credential: credentialKey(clientId, username),
      expiresAtMs: nowMs + lifetimeSeconds * 1000,
    });
    this.refresh.set(refreshToken, { clientId, username });
    return { accessToken, refreshToken, expiresIn: lifetimeSeconds };
  }

  /** The credential (client + user) behind a live bearer token, or undefined. */
  authenticate(accessToken: string, nowMs: number): string | undefined {
    const grant = this.access.get(accessToken);
    return grant && grant.expiresAtMs > nowMs ? grant.credential : undefined;
  }

  /** Consumes a refresh token issued to `clientId`; undefined when unknown, used or revoked. */
  redeemRefresh(refreshToken: string, clientId: string): RefreshGrant | undefined {
    const grant = this.refresh.get(refreshToken);
    if (!grant || grant.clientId !== clientId) return undefined;
    this.refresh.delete(refreshToken);
    return grant;
  }

  expireAllAccessTokens(nowMs: number): void {
    for (const grant of this.access.values()) grant.expiresAtMs = Math.min(grant.expiresAtMs, nowMs);
  }

  revokeAllRefreshTokens(): void {
    this.refresh.clear();
  }

  private pruneExpired(nowMs: number): void {
    if (this.access.size < 1000) return;
    for (const [token, grant] of this.access) if (grant.expiresAtMs <= nowMs) this.access.delete(token);
  }
}

export function credentialKey(clientId: string, username: string): string {
  return `${clientId}\u0000${username}`;
}
