import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Device tokens carry 256 random bits, so a fast hash is enough (no password stretching needed) and
// lookups on the ingest hot path stay cheap.
const PREFIX = 'pdt_';

/** A new device token: shown once, only its hash is stored. */
export const newDeviceToken = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

export const hashDeviceToken = (token: string) => createHash('sha256').update(token).digest();

// Device secrets are typed into a phone app (OsmAnd URL, OwnTracks password): 128 random bits keep
// them short enough for that and still beyond guessing, so the same fast hash serves.
const SECRET_PREFIX = 'pds_';

/** A new device secret for OsmAnd / OwnTracks HTTP: shown once, only its hash is stored. */
export const newDeviceSecret = () => `${SECRET_PREFIX}${randomBytes(16).toString('base64url')}`;

/** True when `secret` is the one whose hash is stored (constant time). */
export function secretMatches(secret: string | undefined, hash: Buffer): boolean {
  if (secret === undefined) return false;
  const sent = createHash('sha256').update(secret).digest();
  return sent.length === hash.length && timingSafeEqual(sent, hash);
}
