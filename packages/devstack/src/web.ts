import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface WebHandle {
  url: string;
  stop(): Promise<void>;
}

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '.next' || name === 'test') continue;
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSourceTime(path) : stat.mtimeMs);
  }
  return newest;
}

/** Builds the Next.js app when its build is missing or older than its sources. */
export function buildWebIfNeeded(webDir: string, log: (line: string) => void): void {
  const buildId = join(webDir, '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceTime(webDir)) return;
  log('building the web app (first start or changed sources; takes a minute or two)…');
  const r = spawnSync('npx', ['next', 'build'], {
    cwd: webDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  if (r.status !== 0) throw new Error('next build failed (see the output above)');
}

/** Starts `next start` for the dashboard, proxying /api to `apiUrl`; resolves once it answers. */
export async function startWeb(options: {
  webDir: string;
  port: number;
  apiUrl: string;
  log?: (line: string) => void;
}): Promise<WebHandle> {
  const log = options.log ?? (() => {});
  buildWebIfNeeded(options.webDir, log);
  const child: ChildProcess = spawn('npx', ['next', 'start', '-p', String(options.port), '-H', '127.0.0.1'], {
    cwd: options.webDir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
      PIONEIRA_API_URL: options.apiUrl,
    },
    detached: false,
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      await fetch(`${url}/login`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
