/**
 * `npm run bench -- <name> [--json] [options]`: runs bench/<name>.ts on this machine and prints its
 * figures (one JSON object with --json) together with the environment it ran on.
 */
import { existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface BenchContext {
  args: string[];
  json: boolean;
  log: (line: string) => void;
}

export type Bench = (ctx: BenchContext) => Promise<Record<string, unknown>>;

const root = new URL('..', import.meta.url).pathname;
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !existsSync(join(root, 'bench', `${name}.ts`))) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [--json]`);
  process.exit(2);
}
const json = args.includes('--json');
const log = (line: string) => (json ? process.stderr : process.stdout).write(`[bench ${name}] ${line}\n`);
const mod = (await import(join(root, 'bench', `${name}.ts`))) as { default: Bench };
const started = Date.now();
const figures = await mod.default({ args: args.filter((a) => a !== '--json'), json, log });
const result = {
  benchmark: name,
  ...figures,
  environment: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    startedAt: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  },
};
console.log(json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
process.exit(0);
