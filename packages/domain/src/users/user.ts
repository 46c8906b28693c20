import type { Locale, Role, UserStatus } from '@pioneira/contracts/enums';

export { ROLES, type Role, type UserStatus } from '@pioneira/contracts/enums';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  locale: Locale | null;
  timeZone: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  locale: Locale | null;
  time_zone: string | null;
  created_at: Date;
  last_login_at: Date | null;
  password_hash?: string;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    locale: row.locale,
    timeZone: row.time_zone,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}
