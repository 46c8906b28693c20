import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { freePort } from './ports';

const SOURCES = ['app', 'src', 'public', 'proxy.ts', 'next.config.ts', 'package.json', 'tsconfig.json'];
// server.mjs is not part of the build: it is read at start, like `next start`.
const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');
const START_TIMEOUT_MS = 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const BUILT_MARKER = 'pioneira-build-complete';

export interface WebServer {
  /** Base URL of the web app, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

async function buildIsFresh(webDir: string): Promise<boolean> {
  // Our own marker, written once `next build` has exited successfully: Next writes BUILD_ID before the
  // build is complete, so a test file seeing it mid-build started a server on a half-written .next.
  const built = await stat(join(webDir, '.next', BUILT_MARKER)).catch(() => undefined);
  if (!built) return false;
  const sources = await Promise.all(SOURCES.map((source) => newestMtime(join(webDir, source))));
  return built.mtimeMs >= Math.max(...sources);
}

/** Runs `next <args>`, or, for `start`, the web app's own server.mjs (it sets X-Forwarded-For). */
function run(webDir: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const command = args[0] === 'start' ? [join(webDir, 'server.mjs'), ...args.slice(1)] : [NEXT_BIN, ...args];
  return spawn(process.execPath, command, {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so stop() ends Next and anything it spawned.
    detached: true,
  });
}

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

/**
 * Next's own progress lines (compiling, collecting page data, generating pages n/N…), trimmed of its
 * symbols, up to the route table; with the time since the build started.
 */
const COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

function reportSteps(child: ChildProcess, started: number, log: (line: string) => void): () => void {
  let pending = '';
  let done = false;
  const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const raw of lines) {
      if (done) return;
      const line = raw
        .replace(COLOURS, '')
        .replace(/^[\s✓▲○●ƒ⚠]+/u, '')
        .trim();
      if (/^Route \(/.test(line)) done = true;
      else if (line && !/^(Next\.js|- |Running next\.config)/.test(line)) log(`${line} (${seconds()})`);
    }
  });
  // Compiling is silent for a while: say that it still runs.
  const heartbeat = setInterval(() => log(`still building (${seconds()})`), 20_000);
  return () => clearInterval(heartbeat);
}

async function buildOnce(webDir: string, log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  // The type check is `tsc -p apps/web` (npm test, CI): the build leaves it out (next.config.ts).
  const child = run(webDir, ['build'], { NODE_ENV: 'production', PIONEIRA_WEB_BUILD_SKIP_TYPECHECK: '1' });
  const output = collectOutput(child);
  const stopReporting = reportSteps(child, Date.now(), log);
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), BUILD_TIMEOUT_MS);
  const abort = () => killGroup(child, 'SIGTERM');
  signal?.addEventListener('abort', abort, { once: true });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  signal?.removeEventListener('abort', abort);
  stopReporting();
  if (signal?.aborted) throw new Error('next build stopped: the start was interrupted');
  if (code !== 0)
    throw new Error(`next build failed (exit ${code}); fix the web app and rerun:\n${output()}`);
}

/** Builds the app unless an up-to-date build exists; test files running in parallel build it only once. */
export async function ensureBuild(
  webDir: string,
  log: (line: string) => void = () => {},
  /** Stops a build under way (Ctrl-C during the first start). */
  signal?: AbortSignal,
): Promise<void> {
  const lock = join(webDir, '.next-build-lock');
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    if (await buildIsFresh(webDir)) return;
    try {
      await mkdir(lock);
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lock}; remove it if no build runs.`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    try {
      if (!(await buildIsFresh(webDir))) {
        const started = Date.now();
        log('building the web app (first start or changed sources; takes a minute or two)…');
        await buildOnce(webDir, log, signal);
        await writeFile(join(webDir, '.next', BUILT_MARKER), new Date().toISOString());
        log(`web app built in ${Math.round((Date.now() - started) / 1000)} s`);
      }
      return;
    } finally {
      await rmdir(lock).catch(() => undefined);
    }
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/login`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The web app did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * Serves the production build of the web app on 127.0.0.1 (`next build` first when the build is
 * missing or older than the sources), with /api proxied to `apiUrl`. Resolves once it answers.
 */
export async function startWeb(options: {
  webDir: string;
  port?: number;
  apiUrl: string;
  log?: (line: string) => void;
  /** Settings of the web process (PIONEIRA_MAP_TILES_URL, …), e.g. from the .env the CLI read. */
  env?: Record<string, string | undefined>;
}): Promise<WebServer> {
  await ensureBuild(options.webDir, options.log);
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = run(options.webDir, ['start', '-H', '127.0.0.1', '-p', String(port)], {
    ...options.env,
    PIONEIRA_API_URL: options.apiUrl,
    NODE_ENV: 'production',
  });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilAnswering(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
