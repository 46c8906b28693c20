import { AppError } from '@pioneira/core';
import { createSql } from '@pioneira/db';
import { ROLES, type Role, UsersService } from '@pioneira/domain';
import { options, readStdin, UsageError } from '../args';
import { configFrom } from '../env';
import type { Command } from './index';

export const users: Command = {
  summary: 'users create --email E --name N --role admin|manager|viewer (password on stdin)',
  async run(args, env) {
    const { values, positionals } = options(args, {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
    });
    if (positionals[0] !== 'create') throw new UsageError('the only subcommand is "users create"');
    const { email, name, role } = values;
    if (!email || !name || !role) throw new UsageError('--email, --name and --role are required');
    if (!ROLES.includes(role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    const password = await readStdin();
    const config = configFrom(env);
    const sql = createSql(config.databaseUrl, { max: 1 });
    try {
      const user = await new UsersService(sql, config.auth).create({
        email,
        name,
        role: role as Role,
        password,
      });
      console.log(`created ${user.role} ${user.email} (${user.id})`);
    } catch (error) {
      if (error instanceof AppError) throw new UsageError(error.message);
      throw error;
    } finally {
      await sql.end();
    }
  },
};
