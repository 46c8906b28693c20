import type { Sql } from '@pioneira/db';

/** NOTIFY channel of migration 100: 'user:<id>' or 'family:<id>' for every change that matters here. */
const AUTH_CHANNEL = 'pioneira_auth';
const MAX_ENTRIES = 50_000;

interface Entry<P> {
  principal: P;
  userId: string;
  familyId: string;
  until: number;
}

/**
 * The verified session check of each access token, reused for a few seconds so a request does not
 * cost a PostgreSQL round trip. Any change to a user or a session family, in any process, NOTIFYs
 * `pioneira_auth` and drops the entries it concerns; the process making a change drops them before
 * it answers. A (re)connection of the LISTEN drops everything (notices may have been missed), and
 * nothing is cached while no LISTEN is up; the TTL bounds what a silently lost connection could keep.
 * Only valid sessions are cached: a refused token is checked again each time.
 */
export class SessionCache<P> {
  private readonly entries = new Map<string, Entry<P>>();
  private readonly loading = new Map<string, Promise<P | undefined>>();
  /** Bumped by every drop: a check that started before it must not store what it read. */
  private epoch = 0;
  private listening = false;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly ttlMs: number,
  ) {}

  async start(): Promise<void> {
    if (this.ttlMs <= 0 || this.unlisten) return;
    const { unlisten } = await this.sql.listen(
      AUTH_CHANNEL,
      (payload) => this.onNotice(payload),
      () => {
        this.clear();
        this.listening = true;
      },
    );
    this.unlisten = unlisten;
  }

  async stop(): Promise<void> {
    this.listening = false;
    this.clear();
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }

  /**
   * The principal of `token` (whose claims were verified: user, family, expiry in ms), from the cache
   * or from `check`. Concurrent checks of one token share one query.
   */
  async get(
    token: string,
    claims: { userId: string; familyId: string; expiresAtMs: number },
    check: () => Promise<P | undefined>,
  ): Promise<P | undefined> {
    if (!this.listening) return check();
    const now = Date.now();
    const hit = this.entries.get(token);
    if (hit && hit.until > now) return hit.principal;
    if (hit) this.entries.delete(token);
    const pending = this.loading.get(token);
    if (pending) return pending;
    const epoch = this.epoch;
    const load = check();
    this.loading.set(token, load);
    let principal: P | undefined;
    try {
      principal = await load;
    } finally {
      if (this.loading.get(token) === load) this.loading.delete(token);
    }
    if (principal !== undefined && epoch === this.epoch && this.listening) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      const until = Math.min(now + this.ttlMs, claims.expiresAtMs);
      this.entries.set(token, { principal, userId: claims.userId, familyId: claims.familyId, until });
    }
    return principal;
  }

  /** Drops every entry of this user (role, status or profile changed, sessions revoked). */
  forgetUser(userId: string): void {
    this.drop((entry) => entry.userId === userId);
  }

  /** Drops every entry of this session family (logout, refresh token reuse). */
  forgetFamily(familyId: string): void {
    this.drop((entry) => entry.familyId === familyId);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    this.loading.clear();
  }

  private drop(matches: (entry: Entry<P>) => boolean): void {
    this.epoch++;
    // A check in flight may have read the old state: the next caller starts a new one.
    this.loading.clear();
    for (const [token, entry] of this.entries) if (matches(entry)) this.entries.delete(token);
  }

  private onNotice(payload: string): void {
    const [kind, id] = payload.split(':');
    if (kind === 'user' && id) this.forgetUser(id);
    else if (kind === 'family' && id) this.forgetFamily(id);
    else this.clear();
  }
}
