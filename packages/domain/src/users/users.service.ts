import type { Page, PageRequest } from '@pioneira/core';
import { AppError, badRequest, conflict, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { InvitationsRepository } from '../auth/invitations.repository';
import { SessionsRepository } from '../auth/sessions.repository';
import { newOpaqueToken } from '../auth/tokens';
import { createMailer, type Mailer } from '../mail/mailer';
import { assertStrongPassword, hashPassword } from './passwords';
import { type Role, toUser, type User } from './user';
import { type UserFilter, UsersRepository } from './users.repository';

export class UsersService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly invitations: InvitationsRepository;

  private readonly mailer: Mailer;

  constructor(
    private readonly sql: Sql,
    private readonly options: {
      invitationTtlHours: number;
      /** Where the web app is, for the link in the invitation e-mail. */
      webOrigin?: string;
      mailer?: Mailer;
      /** Told of every change to a user's role, status, profile or sessions, before the answer. */
      onUserChange?: (userId: string) => void;
    },
  ) {
    this.mailer = options.mailer ?? createMailer(undefined, '');
    this.users = new UsersRepository(sql);
    this.sessions = new SessionsRepository(sql);
    this.invitations = new InvitationsRepository(sql);
  }

  async list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const { rows, total } = await this.users.list(filter, page);
    return { items: rows.map(toUser), total, ...page };
  }

  async get(id: string): Promise<User> {
    const row = await this.users.findById(id);
    if (!row) throw notFound('User');
    return toUser(row);
  }

  async create(input: { email: string; name: string; role: Role; password: string }): Promise<User> {
    assertStrongPassword(input.password, input.email);
    const row = await this.users.insert({
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      status: 'active',
      passwordHash: await hashPassword(input.password),
    });
    if (!row) throw conflict('email_taken', `A user with the email ${input.email} already exists.`);
    return toUser(row);
  }

  async invite(input: { email: string; role: Role }, invitedBy: string) {
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.options.invitationTtlHours * 3_600_000);
    const inv = await this.invitations.create({
      email: input.email.trim(),
      role: input.role,
      hash,
      createdBy: invitedBy,
      expiresAt,
    });
    const emailed = await this.deliver(inv.id, inv.email, token, inv.expires_at);
    return { id: inv.id, email: inv.email, role: inv.role, token, expiresAt: inv.expires_at, emailed };
  }

  /** Pending invitations (not used, not revoked), with whether their e-mail went out. */
  async pendingInvitations() {
    const rows = await this.invitations.pending();
    const now = Date.now();
    return {
      items: rows.map((r) => ({
        id: r.id,
        email: r.email,
        role: r.role,
        createdAt: r.created_at,
        expiresAt: r.expires_at,
        expired: r.expires_at.getTime() <= now,
        sentAt: r.sent_at,
        sendError: r.send_error,
        invitedBy: r.invited_by,
      })),
      emailEnabled: this.mailer.enabled,
    };
  }

  async revokeInvitation(id: string): Promise<void> {
    if (!(await this.invitations.revoke(id))) throw notFound('Invitation');
  }

  /** A new link (the old one stops working) with a new expiry, e-mailed when SMTP is configured. */
  async resendInvitation(id: string) {
    const { token, hash } = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.options.invitationTtlHours * 3_600_000);
    const inv = await this.invitations.renew(id, hash, expiresAt);
    if (!inv) throw notFound('Invitation');
    const emailed = await this.deliver(inv.id, inv.email, token, inv.expires_at);
    return { id: inv.id, email: inv.email, role: inv.role, token, expiresAt: inv.expires_at, emailed };
  }

  /** E-mails the link when a mailer is configured; a failure is recorded, never lost or thrown. */
  private async deliver(id: string, email: string, token: string, expiresAt: Date): Promise<boolean> {
    if (!this.mailer.enabled || !this.options.webOrigin) return false;
    const link = `${this.options.webOrigin.replace(/\/$/, '')}/register?token=${encodeURIComponent(token)}`;
    const until = expiresAt.toISOString().slice(0, 16).replace('T', ' ');
    try {
      await this.mailer.send({
        to: email,
        subject: 'Convite para o Pioneira / Invitation to Pioneira',
        text: [
          'Você foi convidado(a) para o Pioneira. Crie sua conta por este link:',
          link,
          `O link vale até ${until} (UTC).`,
          '',
          'You have been invited to Pioneira. Create your account with this link:',
          link,
          `The link is valid until ${until} (UTC).`,
        ].join('\n'),
      });
      await this.invitations.recordSending(id, null);
      return true;
    } catch (error) {
      await this.invitations.recordSending(id, String((error as Error).message ?? error).slice(0, 300));
      return false;
    }
  }

  async update(
    actorId: string,
    id: string,
    changes: { name?: string; role?: Role; active?: boolean },
  ): Promise<User> {
    const current = await this.get(id);
    if (id === actorId && changes.active === false)
      throw badRequest('self_deactivation', 'You cannot deactivate yourself.');
    const row = await this.sql.begin(async (tx) => {
      const users = new UsersRepository(tx);
      const demotesAdmin =
        current.role === 'admin' && ((changes.role && changes.role !== 'admin') || changes.active === false);
      // Checked and written in one transaction, with every active admin locked: two admins
      // demoting each other at once cannot both see "one admin left".
      if (demotesAdmin && (await users.lockOtherActiveAdmins(id)) === 0)
        throw conflict('last_admin', 'This is the last active administrator; make someone else admin first.');
      return users.update(id, {
        ...(changes.name !== undefined && { name: changes.name.trim() }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.active !== undefined && { status: changes.active ? 'active' : 'inactive' }),
      });
    });
    if (!row) throw notFound('User');
    // A deactivated user's sessions die at once, access tokens included (they check the session family).
    if (changes.active === false) await this.sessions.revokeAllOfUser(id);
    this.options.onUserChange?.(id);
    return toUser(row);
  }

  async approve(id: string): Promise<User> {
    const current = await this.get(id);
    if (current.status !== 'pending')
      throw new AppError(409, 'not_pending', 'Only accounts waiting for approval can be approved.');
    const row = await this.users.update(id, { status: 'active' });
    this.options.onUserChange?.(id);
    return toUser(row!);
  }

  async resetPassword(id: string, password: string): Promise<void> {
    const user = await this.get(id);
    assertStrongPassword(password, user.email);
    await this.users.setPasswordHash(id, await hashPassword(password));
    await this.sessions.revokeAllOfUser(id);
    this.options.onUserChange?.(id);
  }

  async updateProfile(
    id: string,
    changes: { name?: string; locale?: 'pt-BR' | 'en'; timeZone?: string },
  ): Promise<User> {
    if (changes.timeZone !== undefined && !isTimeZone(changes.timeZone))
      throw badRequest(
        'invalid_time_zone',
        `Unknown time zone "${changes.timeZone}"; use an IANA name such as America/Sao_Paulo.`,
      );
    const row = await this.users.update(id, {
      ...(changes.name !== undefined && { name: changes.name.trim() }),
      ...(changes.locale !== undefined && { locale: changes.locale }),
      ...(changes.timeZone !== undefined && { time_zone: changes.timeZone }),
    });
    if (!row) throw notFound('User');
    this.options.onUserChange?.(id);
    return toUser(row);
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
