import { createSql, migrate, migrationsChecksum, type Sql } from '@pioneira/db';
import { testEnv, uniqueName } from './env';

export interface TestDatabase {
  name: string;
  url: string;
  sql: Sql;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

const TEMPLATE_LOCK_KEY = 7_482_915_302;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A fresh, fully migrated database of its own for one test file, cloned from a template that is
 * (re)built whenever the migrations change. Cloning takes milliseconds; migrating each time would not.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const env = testEnv();
  const admin = createSql(env.databaseUrl, { max: 1, applicationName: 'pioneira-test-admin' });
  const name = uniqueName('pt');
  try {
    await admin`SELECT pg_advisory_lock(${TEMPLATE_LOCK_KEY})`;
    // One template per set of migrations: checkouts with other migrations, testing against the same
    // server at the same time, each clone their own instead of rebuilding each other's.
    const template = `${env.templateDatabase}_${migrationsChecksum()}`;
    await ensureTemplate(admin, env.databaseUrl, template);
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin`SELECT pg_advisory_unlock(${TEMPLATE_LOCK_KEY})`.catch(() => {});
    await admin.end();
  }
  const url = withDatabase(env.databaseUrl, name);
  const sql = createSql(url, { max: 5, applicationName: 'pioneira-test' });
  return {
    name,
    url,
    sql,
    async drop() {
      await sql.end({ timeout: 5 });
      const a = createSql(env.databaseUrl, { max: 1 });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await a.end();
    },
  };
}

async function ensureTemplate(admin: Sql, serverUrl: string, template: string): Promise<void> {
  const checksum = migrationsChecksum();
  const [row] = await admin`
    SELECT shobj_description(oid, 'pg_database') AS checksum FROM pg_database WHERE datname = ${template}`;
  // The comment is written last: a template without it was left half-built by an interrupted run.
  if (row?.checksum === checksum) return;
  if (row) await admin.unsafe(`DROP DATABASE "${template}" WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  const sql = createSql(withDatabase(serverUrl, template), { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
  }
  await admin.unsafe(`COMMENT ON DATABASE "${template}" IS '${checksum}'`);
}
