import type { Queryable } from '@pioneira/core';
import type { Role } from '../users/user';

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expires_at: Date;
  used_at: Date | null;
}

export class InvitationsRepository {
  constructor(private readonly sql: Queryable) {}

  async create(i: { email: string; role: Role; hash: Buffer; createdBy: string; expiresAt: Date }) {
    const [row] = await this.sql<InvitationRow[]>`
      INSERT INTO invitations (email, role, token_hash, created_by, expires_at)
      VALUES (${i.email}, ${i.role}, ${i.hash}, ${i.createdBy}, ${i.expiresAt})
      RETURNING id, email, role, expires_at, used_at`;
    return row;
  }

  /** The invitation if it is unused and not expired. */
  async findUsable(hash: Buffer): Promise<InvitationRow | undefined> {
    const [row] = await this.sql<InvitationRow[]>`
      SELECT id, email, role, expires_at, used_at FROM invitations
      WHERE token_hash = ${hash} AND used_at IS NULL AND expires_at > now()`;
    return row;
  }

  /** Consumes the invitation; false when it was used (or expired) in the meantime. */
  async markUsed(sql: Queryable, id: string, userId: string): Promise<boolean> {
    const r = await sql`
      UPDATE invitations SET used_at = now(), user_id = ${userId}
      WHERE id = ${id} AND used_at IS NULL AND expires_at > now()`;
    return r.count === 1;
  }
}
