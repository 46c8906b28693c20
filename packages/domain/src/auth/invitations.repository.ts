import type { Queryable } from '@pioneira/core';
import type { Role } from '../users/user';

export interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  expires_at: Date;
  used_at: Date | null;
}

export interface PendingInvitationRow extends InvitationRow {
  created_at: Date;
  sent_at: Date | null;
  send_error: string | null;
  invited_by: string | null;
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
      WHERE token_hash = ${hash} AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()`;
    return row;
  }

  /** Consumes the invitation; false when it was used (or expired) in the meantime. */
  async markUsed(sql: Queryable, id: string, userId: string): Promise<boolean> {
    const r = await sql`
      UPDATE invitations SET used_at = now(), user_id = ${userId}
      WHERE id = ${id} AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()`;
    return r.count === 1;
  }

  /** Invitations neither used nor revoked, newest first (expired ones too: they can be sent again). */
  async pending(): Promise<PendingInvitationRow[]> {
    return this.sql<PendingInvitationRow[]>`
      SELECT i.id, i.email, i.role, i.expires_at, i.used_at, i.created_at, i.sent_at, i.send_error,
             u.name AS invited_by
      FROM invitations i LEFT JOIN users u ON u.id = i.created_by
      WHERE i.used_at IS NULL AND i.revoked_at IS NULL
      ORDER BY i.created_at DESC LIMIT 500`;
  }

  /** Revokes a pending invitation; false when there is none with this id (or it was used). */
  async revoke(id: string): Promise<boolean> {
    const r = await this.sql`
      UPDATE invitations SET revoked_at = now() WHERE id = ${id} AND used_at IS NULL AND revoked_at IS NULL`;
    return r.count === 1;
  }

  /** A new token and expiry for a pending invitation (the old link stops working). */
  async renew(id: string, hash: Buffer, expiresAt: Date): Promise<InvitationRow | undefined> {
    const [row] = await this.sql<InvitationRow[]>`
      UPDATE invitations SET token_hash = ${hash}, expires_at = ${expiresAt}, sent_at = NULL, send_error = NULL
      WHERE id = ${id} AND used_at IS NULL AND revoked_at IS NULL
      RETURNING id, email, role, expires_at, used_at`;
    return row;
  }

  async recordSending(id: string, error: string | null): Promise<void> {
    await this.sql`
      UPDATE invitations SET sent_at = CASE WHEN ${error}::text IS NULL THEN now() END, send_error = ${error}
      WHERE id = ${id}`;
  }
}
