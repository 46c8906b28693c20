import type { CreatedInvitation, Page, PendingInvitations } from '@pioneira/contracts';
import type { SortDirection, UserSort } from '@pioneira/contracts/enums';
import { apiFetch } from '@/lib/api';
import type { Role, User, UserStatus } from '@/lib/auth';

export type { Page } from '@pioneira/contracts';
export type { UserSort } from '@pioneira/contracts/enums';

export interface UserListQuery {
  search?: string;
  role?: Role;
  status?: UserStatus;
  page: number;
  pageSize: number;
  sort: UserSort;
  direction: SortDirection;
}

export type { CreatedInvitation, PendingInvitations } from '@pioneira/contracts';

export const listUsers = (query: UserListQuery, signal?: AbortSignal) =>
  apiFetch<Page<User>>('/api/users', { query: { ...query }, signal });

export const createUser = (input: { email: string; name: string; role: Role; password: string }) =>
  apiFetch<User>('/api/users', { method: 'POST', body: input });

export const inviteUser = (input: { email: string; role: Role }) =>
  apiFetch<CreatedInvitation>('/api/users/invitations', { method: 'POST', body: input });

export const updateUser = (id: string, changes: { name?: string; role?: Role; active?: boolean }) =>
  apiFetch<User>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });

export const approveUser = (id: string) =>
  apiFetch<User>(`/api/users/${encodeURIComponent(id)}/approve`, { method: 'POST' });

export const resetUserPassword = (id: string, password: string) =>
  apiFetch<void>(`/api/users/${encodeURIComponent(id)}/password`, { method: 'POST', body: { password } });

/** The link an invited person opens to create their account. */
export const invitationLink = (origin: string, token: string) =>
  `${origin}/register?token=${encodeURIComponent(token)}`;

export const listInvitations = (signal?: AbortSignal) =>
  apiFetch<PendingInvitations>('/api/users/invitations', { signal });

export const revokeInvitation = (id: string) =>
  apiFetch<void>(`/api/users/invitations/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const resendInvitation = (id: string) =>
  apiFetch<CreatedInvitation>(`/api/users/invitations/${encodeURIComponent(id)}/resend`, { method: 'POST' });
