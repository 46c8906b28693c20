import type { Locale } from '../i18n/locales';

export type Role = 'admin' | 'manager' | 'viewer';
export type UserStatus = 'active' | 'pending' | 'inactive';

export const ROLES: readonly Role[] = ['admin', 'manager', 'viewer'];
export const USER_STATUSES: readonly UserStatus[] = ['active', 'pending', 'inactive'];

/** A platform user as the API returns it (dates as ISO strings). */
export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  locale?: Locale | null;
  timeZone?: string | null;
  createdAt: string;
  lastLoginAt: string | null;
}

/** The answer of /api/auth/login and /api/auth/refresh. */
export interface AuthTokens {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: User;
}
