import type { Config } from '@pioneira/config';
import type { Sql } from '@pioneira/db';
import { UsersService } from '@pioneira/domain';

export const DEMO_ADMIN_EMAIL = 'admin@pioneira.local';

/** Creates the demo administrator on the first start; later starts leave it (and its password) alone. */
export async function ensureDemoAdmin(sql: Sql, config: Config, password: string, log: (l: string) => void) {
  const [existing] = await sql`SELECT 1 FROM users WHERE lower(email) = ${DEMO_ADMIN_EMAIL}`;
  if (existing) return;
  await new UsersService(sql, config.auth).create({
    email: DEMO_ADMIN_EMAIL,
    name: 'Administrador Demo',
    role: 'admin',
    password,
  });
  log(`created the demo administrator ${DEMO_ADMIN_EMAIL}`);
}
