/**
 * `npm test`: type check, lint, the import-graph check (.dependency-cruiser.cjs), then every test file
 * against real services.
 * Needs nothing running: it uses DATABASE_URL / REDIS_URL / NATS_URL when set and starts private
 * services otherwise. Extra arguments filter test files by substring: `npm test -- auth`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startTestServices } from './lib/services';

const root = new URL('..', import.meta.url).pathname;
const log = (line: string) => console.log(`[test] ${line}`);

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  log(`$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

function findTests(dir: string, found: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, found);
    else if (name.endsWith('.test.ts') && path.includes('/test/')) found.push(relative(root, path));
  }
  return found;
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const skipChecks = filters.length > 0;
if (!skipChecks) {
  if (run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) !== 0) process.exit(1);
  if (
    existsSync(join(root, 'apps/web/tsconfig.json')) &&
    run('npx', ['tsc', '--noEmit', '-p', 'apps/web']) !== 0
  )
    process.exit(1);
  // The web app's unit tests have their own project (the root one leaves apps/web out).
  if (
    existsSync(join(root, 'apps/web/test/tsconfig.json')) &&
    run('npx', ['tsc', '--noEmit', '-p', 'apps/web/test']) !== 0
  )
    process.exit(1);
  if (run('npx', ['biome', 'check', '--diagnostic-level=error', '.']) !== 0) process.exit(1);
  if (run('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', ...importGraphRoots()]) !== 0)
    process.exit(1);
  const web = join(root, 'apps/web');
  log('$ (apps/web) npx depcruise --config .dependency-cruiser.cjs src');
  const webGraph = spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', 'src'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (webGraph.status !== 0) process.exit(1);
}

/** What the import check reads: every workspace's code and tests (the web app's pages have their own
 * check, apps/web/.dependency-cruiser.cjs, with the web's module resolution), the end-to-end tests,
 * scripts and benchmarks. */
function importGraphRoots(): string[] {
  const apps = readdirSync(join(root, 'apps')).flatMap((app) =>
    ['src', 'test']
      .filter((d) => !(app === 'web' && d === 'src') && existsSync(join(root, 'apps', app, d)))
      .map((d) => `apps/${app}/${d}`),
  );
  return [...apps, 'packages', 'test', 'scripts', 'bench'];
}

const files = ['apps', 'packages', 'test']
  .flatMap((d) => findTests(join(root, d)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  log('no test files matched');
  process.exit(1);
}

// A filtered run starts only the services its files use (each file names what it talks to).
const sources = files.map((f) => readFileSync(join(root, f), 'utf8')).join('\n');
const needs = {
  nats: /nats/i.test(sources),
  kafka: /kafka/i.test(sources),
  mqtt: /mqtt/i.test(sources),
};
const services = await startTestServices(process.env, needs, log);
let status = 1;
try {
  const env = { ...process.env, ...services.env, NODE_ENV: 'test' };
  status = run(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=3', '--test-timeout=600000', ...files],
    env,
  );
} finally {
  await services.stop();
}
process.exit(status);
