import { ROLES, USER_STATUSES } from '@/lib/auth';
import type { UserListQuery, UserSort } from './users.api';

const SORTS: readonly UserSort[] = ['name', 'email', 'role', 'status', 'createdAt', 'lastLoginAt'];
const PAGE_SIZES = [10, 25, 50, 100] as const;

export const DEFAULT_QUERY: UserListQuery = { page: 1, pageSize: 25, sort: 'name', direction: 'asc' };
export const USER_PAGE_SIZES: readonly number[] = PAGE_SIZES;

const oneOf = <T extends string>(allowed: readonly T[], value: string | null): T | undefined =>
  allowed.find((item) => item === value);

const positive = (value: string | null, fallback: number) => {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : fallback;
};

/** Reads the list's state from the address bar, so a filtered view can be bookmarked and shared. */
export function parseUserQuery(params: URLSearchParams): UserListQuery {
  const pageSize = positive(params.get('pageSize'), DEFAULT_QUERY.pageSize);
  return {
    search: params.get('search')?.trim() || undefined,
    role: oneOf(ROLES, params.get('role')),
    status: oneOf(USER_STATUSES, params.get('status')),
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.find((size) => size === pageSize) ?? DEFAULT_QUERY.pageSize,
    sort: oneOf(SORTS, params.get('sort')) ?? DEFAULT_QUERY.sort,
    direction: params.get('direction') === 'desc' ? 'desc' : 'asc',
  };
}

/** The inverse of parseUserQuery, leaving out defaults to keep the address short. */
export function serializeUserQuery(query: UserListQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '' || DEFAULT_QUERY[key as keyof UserListQuery] === value) continue;
    params.set(key, String(value));
  }
  return params.toString();
}
