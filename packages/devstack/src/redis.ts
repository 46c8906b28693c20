import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { StackError } from './errors';

export interface LocalRedisHandle {
  url: string;
  stop(): Promise<void>;
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Installs redis-server with apt when we are root on Debian/Ubuntu; otherwise says what to install. */
function ensureRedisServer(log: (line: string) => void): void {
  if (hasRedisServer()) return;
  const canApt = userInfo().uid === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    throw new StackError(
      'redis-server is not installed: install Redis 7 (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
  log('installing redis-server with apt-get (one time)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'ignore', env });
  if (r.status !== 0 || !hasRedisServer())
    throw new StackError(
      'apt-get could not install redis-server: install Redis 7 yourself or set REDIS_URL.',
    );
}

/** Starts a private redis-server on 127.0.0.1:port, persisting to `dataDir` when `persist` is set. */
export async function startLocalRedis(options: {
  dataDir: string;
  port: number;
  persist: boolean;
  log?: (line: string) => void;
}): Promise<LocalRedisHandle> {
  const log = options.log ?? (() => {});
  ensureRedisServer(log);
  await mkdir(options.dataDir, { recursive: true });
  const args = ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dataDir];
  args.push(
    ...(options.persist ? ['--appendonly', 'yes', '--save', '60 1'] : ['--appendonly', 'no', '--save', '']),
  );
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitReady(child, options.port);
  return {
    url: `redis://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function waitReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`timed out after 15 s`), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new StackError(`redis-server on port ${port} did not start (${why}): ${output.slice(-400)}`));
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) => fail(`exited with code ${code}`));
  });
}
