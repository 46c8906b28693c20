import { createHash, randomBytes } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
import type { Role } from '../users/user';

/** An opaque random token (refresh tokens, invitation links) and the hash we store instead of it. */
export function newOpaqueToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest();

export interface AccessClaims {
  sub: string;
  fam: string;
  role: Role;
}

/** Short-lived HS256 access tokens. The session family rides along so logout kills them at once. */
export class AccessTokens {
  private readonly sign: (payload: AccessClaims) => string;
  private readonly verify: (token: string) => AccessClaims & { exp: number };

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.sign = createSigner({
      key: secret,
      algorithm: 'HS256',
      expiresIn: ttlSeconds * 1000,
      iss: 'pioneira',
    });
    this.verify = createVerifier({
      key: secret,
      algorithms: ['HS256'],
      allowedIss: 'pioneira',
      // A token without an expiry would live forever; one without our issuer is not ours.
      requiredClaims: ['exp', 'iss', 'sub', 'fam'],
    });
  }

  issue(claims: AccessClaims): string {
    return this.sign(claims);
  }

  /** The claims, or undefined for a token that is malformed, tampered or expired. */
  read(token: string): (AccessClaims & { exp: number }) | undefined {
    try {
      const claims = this.verify(token);
      return typeof claims.sub === 'string' && typeof claims.fam === 'string' ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}
