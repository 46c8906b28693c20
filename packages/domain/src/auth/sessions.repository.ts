import type { Sql } from '@pioneira/db';
import type { Role, UserStatus } from '../users/user';

export interface SessionRow {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

export class SessionsRepository {
  constructor(private readonly sql: Sql) {}

  async create(s: {
    familyId: string;
    userId: string;
    hash: Buffer;
    expiresAt: Date;
    userAgent?: string;
    ip?: string;
  }) {
    await this.sql`
      INSERT INTO sessions (family_id, user_id, token_hash, expires_at, user_agent, ip)
      VALUES (${s.familyId}, ${s.userId}, ${s.hash}, ${s.expiresAt}, ${s.userAgent ?? null}, ${s.ip ?? null})`;
  }

  async findByHash(hash: Buffer): Promise<SessionRow | undefined> {
    const [row] = await this.sql<SessionRow[]>`
      SELECT id, family_id, user_id, expires_at, rotated_at, revoked_at FROM sessions WHERE token_hash = ${hash}`;
    return row;
  }

  /** Marks a token as used; false when someone else used it first (a replay racing the owner). */
  async markRotated(id: string): Promise<boolean> {
    const r = await this.sql`UPDATE sessions SET rotated_at = now() WHERE id = ${id} AND rotated_at IS NULL`;
    return r.count === 1;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this
      .sql`UPDATE sessions SET revoked_at = now() WHERE family_id = ${familyId} AND revoked_at IS NULL`;
  }

  async revokeAllOfUser(userId: string, exceptFamily?: string): Promise<void> {
    await this.sql`
      UPDATE sessions SET revoked_at = now()
      WHERE user_id = ${userId} AND revoked_at IS NULL AND family_id IS DISTINCT FROM ${exceptFamily ?? null}::uuid`;
  }

  /** The user behind an access token, if that user is active and the token's session family is alive. */
  async activePrincipal(userId: string, familyId: string) {
    const [row] = await this.sql<
      { id: string; email: string; name: string; role: Role; status: UserStatus }[]
    >`
      SELECT u.id, u.email, u.name, u.role, u.status FROM users u
      WHERE u.id = ${userId} AND u.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.family_id = ${familyId} AND s.revoked_at IS NOT NULL)`;
    return row;
  }
}
