import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './sql';

const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_KEY = 7_482_915_301;

export interface Migration {
  version: string;
  file: string;
  sql: string;
}

/** Numbered `.sql` files, in order. They are never edited once shipped: add a new one instead. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3,}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({ version: file.split('_')[0], file, sql: readFileSync(join(dir, file), 'utf8') }));
}

/** A digest of every migration file: lets test harnesses know when a template database is stale. */
export function migrationsChecksum(dir = MIGRATIONS_DIR): string {
  const hash = createHash('sha256');
  for (const m of listMigrations(dir)) hash.update(m.file).update(m.sql);
  return hash.digest('hex').slice(0, 16);
}

/** Applies pending migrations under an advisory lock, each in its own transaction. Returns the files applied. */
export async function migrate(sql: Sql, log: (line: string) => void = () => {}): Promise<string[]> {
  const conn = await sql.reserve();
  try {
    await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await conn`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, file text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Set((await conn`SELECT version FROM schema_migrations`).map((r) => r.version as string));
    const applied: string[] = [];
    for (const m of listMigrations()) {
      if (done.has(m.version)) continue;
      await conn.unsafe('BEGIN');
      try {
        await conn.unsafe(m.sql);
        await conn`INSERT INTO schema_migrations (version, file) VALUES (${m.version}, ${m.file})`;
        await conn.unsafe('COMMIT');
      } catch (error) {
        await conn.unsafe('ROLLBACK');
        throw new Error(`Migration ${m.file} failed: ${(error as Error).message}`, { cause: error });
      }
      log(`applied ${m.file}`);
      applied.push(m.file);
    }
    return applied;
  } finally {
    await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.catch(() => {});
    conn.release();
  }
}
