import { createSql, migrate } from '@pioneira/db';
import { configFrom } from '../env';
import type { Command } from './index';

export const migrateCommand: Command = {
  summary: 'apply pending database migrations (safe to run from several processes)',
  async run(_args, env) {
    const config = configFrom(env);
    const sql = createSql(config.databaseUrl, { max: 1 });
    try {
      const applied = await migrate(sql, (line) => console.log(line));
      console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
    } finally {
      await sql.end();
    }
  },
};
