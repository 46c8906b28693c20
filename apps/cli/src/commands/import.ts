import { createSql } from '@pioneira/db';
import {
  type Import,
  ImportFormatError,
  type ImportKind,
  ImportsService,
  runImport,
} from '@pioneira/parcels';
import { options, UsageError } from '../args';
import { configFrom } from '../env';
import type { Command } from './index';

const BAR_WIDTH = 30;

function progressLine(p: Import): string {
  const filled = Math.round((p.percent / 100) * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  return `[${bar}] ${p.percent.toFixed(1).padStart(5)}%  ${p.rowsRead.toLocaleString('pt-BR')} linhas  ${p.rowsPerSecond.toLocaleString('pt-BR')} linhas/s  ${p.rowsRejected.toLocaleString('pt-BR')} rejeitadas`;
}

/**
 * Imports a CSV file in this process with the same code as the worker (no worker or Redis needed,
 * only PostgreSQL). Interrupted, it can be resumed with --resume <id>.
 */
export const importCommand: Command = {
  summary: 'import parcels|tracking FILE.csv [--resume ID]: import a CSV file with a progress bar',
  async run(args, env) {
    const { values, positionals } = options(args, { resume: { type: 'string' } });
    const [kind, file] = positionals;
    if ((kind !== 'parcels' && kind !== 'tracking') || (!file && !values.resume))
      throw new UsageError('usage: pioneira import parcels|tracking FILE.csv  (or --resume IMPORT_ID)');
    const config = configFrom(env);
    const sql = createSql(config.databaseUrl, { max: 2, applicationName: 'pioneira-import' });
    const tty = process.stderr.isTTY;
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    try {
      const imports = new ImportsService(sql);
      const created = values.resume
        ? await imports.get(values.resume)
        : await imports.createFromFile(kind as ImportKind, file);
      console.error(`import ${created.id}: ${created.filename} (${kind})`);
      let lastDecile = -1;
      const done = await runImport(sql, created.id, {
        signal: controller.signal,
        onProgress: (p) => {
          if (tty) process.stderr.write(`\r${progressLine(p)}`);
          else if (Math.floor(p.percent / 10) !== lastDecile) {
            lastDecile = Math.floor(p.percent / 10);
            process.stderr.write(`${progressLine(p)}\n`);
          }
        },
      });
      if (tty) process.stderr.write('\n');
      console.log(
        `done: ${done.rowsRead} rows read, ${done.rowsAccepted} accepted (${done.rowsInserted} new), ${done.rowsRejected} rejected, ${done.rowsPerSecond} rows/s`,
      );
      if (done.rowsRejected > 0) console.log(`rejection report: GET /api/imports/${done.id}/rejections.csv`);
    } catch (error) {
      if (tty) process.stderr.write('\n');
      if (error instanceof ImportFormatError) throw new UsageError(error.message);
      if ((error as Error).name === 'ImportInterrupted')
        throw new UsageError(
          `${(error as Error).message} Resume with: pioneira import ${kind} --resume <id>`,
        );
      throw error;
    } finally {
      await sql.end({ timeout: 5 });
    }
  },
};
