import { randomUUID } from 'node:crypto';
import { AppError, badRequest, forbidden, notFound, unauthorized } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { assertStrongPassword, hashPassword, verifyAgainstNothing, verifyPassword } from '../users/passwords';
import { type Role, toUser, type User } from '../users/user';
import { UsersRepository } from '../users/users.repository';
import { InvitationsRepository } from './invitations.repository';
import type { LoginThrottle } from './login-throttle';
import type { SessionCache } from './session-cache';
import { SessionsRepository } from './sessions.repository';
import { type AccessClaims, type AccessTokens, hashToken, newOpaqueToken } from './tokens';

export interface Tokens {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: Date;
  user: User;
}

/** Who an access token stands for, once its user and its session family were checked. */
export interface Principal {
  id: string;
  email: string;
  name: string;
  role: Role;
  familyId: string;
}

export interface ClientInfo {
  ip: string;
  userAgent?: string;
}

export class AuthService {
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly invitations: InvitationsRepository;

  constructor(
    private readonly sql: Sql,
    private readonly accessTokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly options: {
      refreshTokenTtlDays: number;
      selfRegistration: boolean;
      loginMaxFailures: number;
    },
    /** Reuses each token's check for a few seconds; without it every call asks PostgreSQL. */
    private readonly checks?: SessionCache<Principal>,
  ) {
    this.users = new UsersRepository(sql);
    this.sessions = new SessionsRepository(sql);
    this.invitations = new InvitationsRepository(sql);
  }

  async login(email: string, password: string, client: ClientInfo): Promise<Tokens> {
    const attempt = await this.throttle.reserve(email, client.ip);
    const row = await this.users.findByEmailWithHash(email);
    const ok = row?.password_hash
      ? await verifyPassword(row.password_hash, password)
      : (await verifyAgainstNothing(password), false);
    // The attempt stays counted as a failure unless the password was right.
    if (!row || !ok) throw unauthorized('invalid_credentials', 'Wrong email or password.');
    if (row.status !== 'active') {
      await attempt.released();
      if (row.status === 'pending')
        throw forbidden('Your account is waiting for an administrator to approve it.');
      throw forbidden('Your account is deactivated. Ask an administrator.');
    }
    await attempt.succeeded();
    await this.users.touchLogin(row.id);
    return this.startFamily(toUser({ ...row, last_login_at: new Date() }), randomUUID(), client);
  }

  /** Rotates a refresh token. A token presented twice revokes its whole family: it was copied. */
  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<Tokens> {
    if (!refreshToken) throw unauthorized('no_refresh_token', 'Sign in again: no session was presented.');
    const session = await this.sessions.findByHash(hashToken(refreshToken));
    if (!session || session.revoked_at)
      throw unauthorized('invalid_refresh_token', 'Sign in again: this session ended.');
    if (session.rotated_at || !(await this.sessions.markRotated(session.id))) {
      await this.sessions.revokeFamily(session.family_id);
      this.checks?.forgetFamily(session.family_id);
      throw unauthorized(
        'refresh_token_reused',
        'This session was used twice and has been closed. Sign in again.',
      );
    }
    if (session.expires_at.getTime() <= Date.now())
      throw unauthorized('invalid_refresh_token', 'Sign in again: this session expired.');
    const user = await this.users.findById(session.user_id);
    if (!user || user.status !== 'active') throw unauthorized('invalid_refresh_token', 'Sign in again.');
    return this.startFamily(toUser(user), session.family_id, client);
  }

  async logout(refreshToken: string | undefined, familyId?: string): Promise<void> {
    const session = refreshToken ? await this.sessions.findByHash(hashToken(refreshToken)) : undefined;
    const family = session?.family_id ?? familyId;
    if (!family) return;
    await this.sessions.revokeFamily(family);
    // Other processes learn it by NOTIFY; this one must refuse the token from its next request on.
    this.checks?.forgetFamily(family);
  }

  /** The principal behind a valid access token whose user is active and whose session is alive. */
  async authenticate(accessToken: string): Promise<Principal | undefined> {
    const claims = this.accessTokens.read(accessToken);
    if (!claims) return undefined;
    const check = async () => {
      const row = await this.sessions.activePrincipal(claims.sub, claims.fam);
      return row
        ? { id: row.id, email: row.email, name: row.name, role: row.role, familyId: claims.fam }
        : undefined;
    };
    if (!this.checks) return check();
    return this.checks.get(
      accessToken,
      { userId: claims.sub, familyId: claims.fam, expiresAtMs: claims.exp * 1000 },
      check,
    );
  }

  async invitation(token: string) {
    const inv = await this.invitations.findUsable(hashToken(token));
    if (!inv) throw notFound('This invitation (it may have been used or may have expired)');
    return { email: inv.email, role: inv.role, expiresAt: inv.expires_at };
  }

  async register(token: string, name: string, password: string): Promise<User> {
    const inv = await this.invitations.findUsable(hashToken(token));
    if (!inv) throw notFound('This invitation (it may have been used or may have expired)');
    assertStrongPassword(password, inv.email);
    const passwordHash = await hashPassword(password);
    return this.sql.begin(async (tx) => {
      const row = await new UsersRepository(tx).insert({
        email: inv.email,
        name,
        role: inv.role,
        status: 'active',
        passwordHash,
      });
      if (!row)
        throw new AppError(
          409,
          'email_taken',
          `An account for ${inv.email} already exists. Sign in instead.`,
        );
      if (!(await this.invitations.markUsed(tx, inv.id, row.id)))
        throw notFound('This invitation (it was used a moment ago)');
      return toUser(row);
    });
  }

  /**
   * Open sign-up, off by default; new accounts wait for an admin's approval. The answer is the same
   * whether the email is new or taken (and takes as long: the hash is always computed), so the
   * form cannot be used to find out who has an account; each IP gets a bounded number of tries.
   */
  async signup(email: string, name: string, password: string, client: ClientInfo): Promise<void> {
    if (!this.options.selfRegistration)
      throw new AppError(
        403,
        'registration_closed',
        'Self-registration is off. Ask an administrator for an invitation.',
      );
    await this.throttle.countIp('signup', client.ip, this.options.loginMaxFailures * 4);
    assertStrongPassword(password, email);
    // Inserted only when the email is free; a taken one changes nothing and says nothing.
    await this.users.insert({
      email,
      name,
      role: 'viewer',
      status: 'pending',
      passwordHash: await hashPassword(password),
    });
  }

  async changeOwnPassword(
    userId: string,
    familyId: string,
    current: string,
    next: string,
    email: string,
    client: ClientInfo,
  ) {
    // Counted like logins (per user and per IP): a stolen access token must not become a way
    // to guess the password itself.
    const attempt = await this.throttle.reserve(userId, client.ip, 'password-change');
    const hash = await this.users.findHashById(userId);
    if (!hash || !(await verifyPassword(hash, current)))
      throw unauthorized('invalid_credentials', 'The current password is wrong.');
    await attempt.succeeded();
    assertStrongPassword(next, email);
    if (current === next)
      throw badRequest('weak_password', 'The new password must differ from the current one.');
    await this.users.setPasswordHash(userId, await hashPassword(next));
    await this.sessions.revokeAllOfUser(userId, familyId);
    this.checks?.forgetUser(userId);
  }

  private async startFamily(user: User, familyId: string, client: ClientInfo): Promise<Tokens> {
    const { token, hash } = newOpaqueToken();
    const refreshExpiresAt = new Date(Date.now() + this.options.refreshTokenTtlDays * 86_400_000);
    await this.sessions.create({ familyId, userId: user.id, hash, expiresAt: refreshExpiresAt, ...client });
    const claims: AccessClaims = { sub: user.id, fam: familyId, role: user.role };
    return {
      accessToken: this.accessTokens.issue(claims),
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken: token,
      refreshExpiresAt,
      user,
    };
  }
}
