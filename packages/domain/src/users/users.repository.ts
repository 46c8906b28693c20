import type { Queryable } from '@pioneira/core';
import { offsetOf, type PageRequest } from '@pioneira/core';
import type { Role, UserRow, UserStatus } from './user';

const COLUMNS = [
  'id',
  'email',
  'name',
  'role',
  'status',
  'locale',
  'time_zone',
  'created_at',
  'last_login_at',
];

export interface UserFilter {
  search?: string;
  role?: Role;
  status?: UserStatus;
  sort: 'name' | 'email' | 'role' | 'status' | 'createdAt' | 'lastLoginAt';
  direction: 'asc' | 'desc';
}

const SORT_COLUMNS: Record<UserFilter['sort'], string> = {
  name: 'name',
  email: 'email',
  role: 'role',
  status: 'status',
  createdAt: 'created_at',
  lastLoginAt: 'last_login_at',
};

export class UsersRepository {
  constructor(private readonly sql: Queryable) {}

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.sql<UserRow[]>`SELECT ${this.sql(COLUMNS)} FROM users WHERE id = ${id}`;
    return row;
  }

  async findByEmailWithHash(email: string): Promise<UserRow | undefined> {
    const [row] = await this.sql<UserRow[]>`
      SELECT ${this.sql(COLUMNS)}, password_hash FROM users WHERE lower(email) = lower(${email})`;
    return row;
  }

  async findHashById(id: string): Promise<string | undefined> {
    const [row] = await this.sql<
      { password_hash: string }[]
    >`SELECT password_hash FROM users WHERE id = ${id}`;
    return row?.password_hash;
  }

  async list(filter: UserFilter, page: PageRequest): Promise<{ rows: UserRow[]; total: number }> {
    const pattern = filter.search ? `%${filter.search.replace(/[%_\\]/g, '\\$&')}%` : null;
    const where = this.sql`
      WHERE (${pattern}::text IS NULL OR name ILIKE ${pattern} OR email ILIKE ${pattern})
        AND (${filter.role ?? null}::text IS NULL OR role = ${filter.role ?? null})
        AND (${filter.status ?? null}::text IS NULL OR status = ${filter.status ?? null})`;
    const direction = filter.direction === 'desc' ? this.sql`DESC` : this.sql`ASC`;
    const rows = await this.sql<(UserRow & { total: number })[]>`
      SELECT ${this.sql(COLUMNS)}, count(*) OVER ()::int AS total FROM users ${where}
      ORDER BY ${this.sql(SORT_COLUMNS[filter.sort])} ${direction} NULLS LAST, id LIMIT ${page.pageSize} OFFSET ${offsetOf(page)}`;
    const total = rows[0]?.total ?? (await this.sql`SELECT count(*)::int AS n FROM users ${where}`)[0].n;
    return { rows, total };
  }

  async insert(user: {
    email: string;
    name: string;
    role: Role;
    status: UserStatus;
    passwordHash: string;
  }): Promise<UserRow | undefined> {
    const [row] = await this.sql<UserRow[]>`
      INSERT INTO users (email, name, role, status, password_hash)
      VALUES (${user.email}, ${user.name}, ${user.role}, ${user.status}, ${user.passwordHash})
      ON CONFLICT DO NOTHING RETURNING ${this.sql(COLUMNS)}`;
    return row;
  }

  async update(
    id: string,
    changes: Partial<{
      name: string;
      role: Role;
      status: UserStatus;
      locale: string | null;
      time_zone: string | null;
    }>,
  ): Promise<UserRow | undefined> {
    const keys = Object.keys(changes) as (keyof typeof changes)[];
    if (keys.length === 0) return this.findById(id);
    const [row] = await this.sql<UserRow[]>`
      UPDATE users SET ${this.sql(changes, keys)}, updated_at = now() WHERE id = ${id}
      RETURNING ${this.sql(COLUMNS)}`;
    return row;
  }

  async setPasswordHash(id: string, hash: string): Promise<boolean> {
    const r = await this.sql`UPDATE users SET password_hash = ${hash}, updated_at = now() WHERE id = ${id}`;
    return r.count === 1;
  }

  async touchLogin(id: string): Promise<void> {
    await this.sql`UPDATE users SET last_login_at = now() WHERE id = ${id}`;
  }

  /**
   * The other active admins, their rows locked until the transaction ends: two demotions at once
   * queue here, and the second sees what the first did (FOR UPDATE re-reads changed rows).
   */
  async lockOtherActiveAdmins(exceptId: string): Promise<number> {
    const rows = await this.sql`
      SELECT id FROM users WHERE role = 'admin' AND status = 'active' ORDER BY id FOR UPDATE`;
    return rows.filter((r) => r.id !== exceptId).length;
  }
}
