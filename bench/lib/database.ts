import { createSql, migrate, type Sql } from '@pioneira/db';

/**
 * A benchmark's own database on the server of DATABASE_URL (kept between runs so a large load
 * happens once), or on a private embedded server when DATABASE_URL is unset.
 */
export async function benchDatabase(
  name: string,
  log: (line: string) => void,
): Promise<{ url: string; sql: Sql; fresh: boolean; close(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!serverUrl) {
    const { startTestServices } = await import('../../scripts/lib/services');
    // Only PostgreSQL: the event log's server is the benchmark's business (bench/lib/event-log.ts).
    const services = await startTestServices(
      { REDIS_URL: 'unused' },
      { nats: false, kafka: false, mqtt: false },
      log,
    );
    serverUrl = services.env.TEST_DATABASE_URL;
    stopServer = services.stop;
  }
  const admin = createSql(serverUrl, { max: 1 });
  const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
  if (!exists) await admin.unsafe(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = createSql(url.toString(), { max: 20, applicationName: 'pioneira-bench' });
  await migrate(sql);
  // Two runs of one benchmark on one server would truncate each other's tables: the second waits.
  const lock = await sql.reserve();
  const [free] = await lock<{ ok: boolean }[]>`SELECT pg_try_advisory_lock(hashtext(${name})) AS ok`;
  if (!free.ok) {
    log(`another run is using database ${name}; waiting for it to finish`);
    await lock`SELECT pg_advisory_lock(hashtext(${name}))`;
  }
  return {
    url: url.toString(),
    sql,
    fresh: !exists,
    async close() {
      await lock`SELECT pg_advisory_unlock(hashtext(${name}))`.catch(() => {});
      lock.release();
      await sql.end();
      await stopServer();
    },
  };
}
