import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface LocalSecrets {
  JWT_SECRET: string;
  CREDENTIALS_KEY: string;
  DEMO_ADMIN_PASSWORD: string;
}

/** Secrets for the local demo, generated once and kept (git-ignored) so restarts keep sessions and data. */
export function localSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    JWT_SECRET: randomBytes(32).toString('base64url'),
    CREDENTIALS_KEY: randomBytes(32).toString('base64url'),
    DEMO_ADMIN_PASSWORD: `Demo-${randomBytes(6).toString('base64url')}-1`,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
