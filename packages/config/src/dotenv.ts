import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';

/** Returns `env` overlaid on the optional `.env` file: real environment variables win. */
export function loadDotEnv(
  file: string,
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  if (!existsSync(file)) return { ...env };
  return { ...parse(readFileSync(file)), ...env };
}
