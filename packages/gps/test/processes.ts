import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../../..', import.meta.url).pathname;

/** The environment a `pioneira` child process needs to run on a test's database, Redis and prefix. */
export function pioneiraEnv(settings: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: settings.databaseUrl,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: settings.prefix,
    EVENT_LOG: 'redis',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    CREDENTIALS_KEY: 'test-credentials-key-long-enough-0123456789',
    ...settings.extra,
  };
}

/** A running `node bin/pioneira.mjs …` child; `output()` is what it printed so far. */
export interface PioneiraProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function spawnPioneira(args: string[], env: NodeJS.ProcessEnv): PioneiraProcess {
  const child = spawn(process.execPath, ['bin/pioneira.mjs', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs a `pioneira` command to its end. */
export async function runPioneira(args: string[], env: NodeJS.ProcessEnv) {
  const run = spawnPioneira(args, env);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** Waits until the child printed `pattern` (a start on a loaded machine can take a minute or two), or fails at once if it exits, with what it printed. */
export async function printed(run: PioneiraProcess, pattern: RegExp, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pattern.test(run.output())) {
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(
        `expected ${pattern} from pioneira ${run.child.spawnargs.slice(2).join(' ')}:\n${run.output()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGKILLs a child (kill -9) and waits until it is gone. */
export async function kill9(run: PioneiraProcess): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill('SIGKILL');
  await run.exited;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a child on ports chosen by freePort() and waits for `ready`. A port found free can be taken
 * by another test process before the child listens on it: when the child exits with EADDRINUSE, new
 * ports are picked and it is started again (a few times), so a busy machine cannot fail the start.
 */
export async function spawnOnFreePorts(
  args: string[],
  envFor: (ports: number[]) => NodeJS.ProcessEnv,
  options: { ports: number; ready: RegExp; ms?: number },
): Promise<{ run: PioneiraProcess; ports: number[] }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await Promise.all(Array.from({ length: options.ports }, () => freePort()));
    const run = spawnPioneira(args, envFor(ports));
    try {
      await printed(run, options.ready, options.ms);
      return { run, ports };
    } catch (error) {
      if (attempt >= 5 || !/EADDRINUSE/.test(run.output())) throw error;
      await run.exited;
    }
  }
}
