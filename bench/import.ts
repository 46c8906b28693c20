/**
 * `npm run bench -- import --json`: generates tracking-event CSV files (1M rows and 100k rows), imports
 * each with the production import code (stream parse → clean → COPY into staging → one merge per
 * chunk), and reports rows/s and peak memory, plus a re-import of the big file (must insert nothing).
 * Target (DESIGN §6): ≥ 100k rows/s with memory flat in file size. Beside it, the same-run baseline: a
 * raw COPY of the same rows, already clean, into tracking_events (no parsing, no merge, no parcels).
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Sql } from '@pioneira/db';
import { ImportsService, runImport } from '@pioneira/parcels';
import type { Bench } from '../scripts/bench';
import { benchDatabase } from './lib/database';

const STATUSES = ['Objeto postado', 'Em trânsito', 'EM TRANSITO', 'Saiu para entrega', 'Entregue'];
const CITIES: Array<[string, string]> = [
  ['São Paulo', 'SP'],
  ['RIO DE JANEIRO', 'RJ'],
  ['belo horizonte', 'MG'],
  ['Curitiba', 'PR'],
  ['Porto Alegre', 'RS'],
  ['Salvador', 'BA'],
  ['Recife', 'PE'],
  ['Goiania', 'GO'],
  ['Manaus', 'AM'],
];
const pad = (n: number) => String(n).padStart(2, '0');

/** The rows of `generate`, as the import stores them, in COPY text: what a raw COPY costs. */
async function copyBaseline(sql: Sql, rows: number): Promise<number> {
  await sql`SELECT tracking_events_ensure_partitions('2024-01-01', '2025-01-31')`;
  const started = performance.now();
  const stream =
    await sql`COPY tracking_events (tracking_code, status, occurred_at, city, uf, facility, description, source) FROM STDIN`.writable();
  const base = Date.UTC(2024, 0, 1, 12);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const parcel = Math.floor(i / 5);
    const step = i % 5;
    const t = new Date(base + (parcel % 300) * 86_400_000 + step * 9 * 3_600_000 + (parcel % 3600) * 1000);
    const [city, uf] = CITIES[(parcel + step) % CITIES.length];
    buffer += `BR${String(parcel).padStart(9, '0')}BR\t${STATUSES[step]}\t${t.toISOString()}\t${city}\t${uf}\tCD ${city}\tEvento ${step + 1}\tcsv\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  await new Promise<void>((resolve, reject) => stream.end(buffer, () => resolve()).once('error', reject));
  return Math.round(rows / ((performance.now() - started) / 1000));
}

/** A file of `rows` tracking events: 5 per parcel over a few days, in dd/MM/yyyy HH:mm:ss local time. */
async function generate(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  out.write('codigo_rastreio;status;data_evento;cidade;uf;unidade;descricao\n');
  const base = Date.UTC(2024, 0, 1, 12);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const parcel = Math.floor(i / 5);
    const step = i % 5;
    const t = new Date(base + (parcel % 300) * 86_400_000 + step * 9 * 3_600_000 + (parcel % 3600) * 1000);
    const [city, uf] = CITIES[(parcel + step) % CITIES.length];
    const code = `BR${String(parcel).padStart(9, '0')}BR`;
    buffer += `${code};${STATUSES[step]};${pad(t.getUTCDate())}/${pad(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())};${city};${uf};CD ${city};Evento ${step + 1}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return statSync(path).size;
}

/** Peak resident memory of this process while `work` runs (sampled every 20 ms). */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMiB: number; startRssMiB: number }> {
  global.gc?.();
  const startRss = process.memoryUsage().rss;
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMiB: Math.round(peak / 2 ** 20), startRssMiB: Math.round(startRss / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

const bench: Bench = async ({ args, log }) => {
  const { values } = parseArgs({
    args,
    options: { rows: { type: 'string', default: '1000000' }, small: { type: 'string', default: '100000' } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'pioneira-bench-import-'));
  const db = await benchDatabase('pioneira_bench_import', log);
  const imports = new ImportsService(db.sql);
  const runs: Record<string, unknown>[] = [];
  try {
    const run = async (label: string, file: string, rows: number) => {
      const created = await imports.createFromFile('tracking', file);
      const started = performance.now();
      const { result, peakRssMiB, startRssMiB } = await withPeakRss(() => runImport(db.sql, created.id));
      const seconds = (performance.now() - started) / 1000;
      const figures = {
        label,
        rows,
        megabytes: Math.round(result.bytesTotal / 1e5) / 10,
        seconds: Math.round(seconds * 100) / 100,
        rowsPerSecond: Math.round(rows / seconds),
        inserted: result.rowsInserted,
        rejected: result.rowsRejected,
        startRssMiB,
        peakRssMiB,
      };
      log(JSON.stringify(figures));
      runs.push(figures);
      return figures;
    };
    const reset = () => db.sql`TRUNCATE parcels, tracking_events, imports, import_rejections, outbox`;
    const small = Number(values.small);
    const big = Number(values.rows);
    log(`generating ${small} and ${big} rows…`);
    await generate(join(dir, 'small.csv'), small);
    await generate(join(dir, 'big.csv'), big);
    await reset();
    log(`COPY baseline: ${big} rows straight into tracking_events`);
    const copyRowsPerSecond = await copyBaseline(db.sql, big);
    await reset();
    const s = await run('small', join(dir, 'small.csv'), small);
    await reset();
    const b = await run('big', join(dir, 'big.csv'), big);
    const again = await run('big re-import (idempotent)', join(dir, 'big.csv'), big);
    const [{ events, parcels }] = await db.sql`
      SELECT (SELECT count(*) FROM tracking_events)::int AS events, (SELECT count(*) FROM parcels)::int AS parcels`;
    return {
      rowsPerSecond: b.rowsPerSecond,
      copyRowsPerSecond,
      ratioToCopy: Math.round((b.rowsPerSecond / copyRowsPerSecond) * 1000) / 1000,
      peakRssMiB: b.peakRssMiB,
      smallPeakRssMiB: s.peakRssMiB,
      memoryFlat: b.peakRssMiB - b.startRssMiB <= (s.peakRssMiB - s.startRssMiB) * 1.5 + 32,
      reimportInserted: again.inserted,
      storedEvents: events,
      storedParcels: parcels,
      target: { rowsPerSecond: 100_000 },
      runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.close();
  }
};

export default bench;
