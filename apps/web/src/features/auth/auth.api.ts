import { apiFetch } from '@/lib/api';
import type { Role, User } from '@/lib/auth';

export interface AuthConfig {
  selfRegistration: boolean;
}

export interface Invitation {
  email: string;
  role: Role;
  expiresAt: string;
}

export const getAuthConfig = () => apiFetch<AuthConfig>('/api/auth/config', { auth: false });

export const getInvitation = (token: string) =>
  apiFetch<Invitation>(`/api/auth/invitations/${encodeURIComponent(token)}`, { auth: false });

export const register = (input: { token: string; name: string; password: string }) =>
  apiFetch<{ user: User }>('/api/auth/register', { method: 'POST', body: input, auth: false });

export const signup = (input: { email: string; name: string; password: string }) =>
  apiFetch<void>('/api/auth/signup', { method: 'POST', body: input, auth: false });
