import { join } from 'node:path';
import { loadConfig, loadDotEnv } from '@pioneira/config';

export const repoRoot = new URL('../../..', import.meta.url).pathname;

/** The process environment overlaid on the optional `.env` at the repository root. */
export const environment = (env: NodeJS.ProcessEnv) => loadDotEnv(join(repoRoot, '.env'), env);

export const configFrom = (env: NodeJS.ProcessEnv) => loadConfig(environment(env));

/** Resolves on SIGINT/SIGTERM, so commands can shut down in order. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
