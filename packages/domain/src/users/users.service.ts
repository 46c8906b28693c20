import type { Page, PageRequest } from '@pioneira/core';
import { AppError, badRequest, conflict, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { InvitationsRepository } from '../auth/invitations.repository';
import { SessionsRepository } from '../auth/sessions.repository';
import { newOpaqueToken } from '../auth/tokens';
import { assertStrongPassword, hashPassword } from './passwords';
import { type Role, toUser, type User } from './user';
import { type UserFilter, UsersRepository } from './users.repository';

export class UsersService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly invitations: InvitationsRepository;

  constructor(
    private readonly sql: Sql,
    private readonly options: { invitationTtlHours: number },
  ) {
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
    return { id: inv.id, email: inv.email, role: inv.role, token, expiresAt: inv.expires_at };
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
    return toUser(row);
  }

  async approve(id: string): Promise<User> {
    const current = await this.get(id);
    if (current.status !== 'pending')
      throw new AppError(409, 'not_pending', 'Only accounts waiting for approval can be approved.');
    return toUser((await this.users.update(id, { status: 'active' }))!);
  }

  async resetPassword(id: string, password: string): Promise<void> {
    const user = await this.get(id);
    assertStrongPassword(password, user.email);
    await this.users.setPasswordHash(id, await hashPassword(password));
    await this.sessions.revokeAllOfUser(id);
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
