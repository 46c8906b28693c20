import { createHash, randomBytes } from 'node:crypto';

// Device tokens carry 256 random bits, so a fast hash is enough (no password stretching needed) and
// lookups on the ingest hot path stay cheap.
const PREFIX = 'pdt_';

/** A new device token: shown once, only its hash is stored. */
export const newDeviceToken = () => `${PREFIX}${randomBytes(32).toString('base64url')}`;

export const hashDeviceToken = (token: string) => createHash('sha256').update(token).digest();
