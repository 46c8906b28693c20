import { apiFetch } from '@/lib/api';
import type { User } from '@/lib/auth';
import type { Locale } from '@/lib/i18n';

export const updateProfile = (changes: { name?: string; locale?: Locale; timeZone?: string }) =>
  apiFetch<{ user: User }>('/api/auth/me', { method: 'PATCH', body: changes }).then((answer) => answer.user);

export const changeOwnPassword = (currentPassword: string, newPassword: string) =>
  apiFetch<void>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } });
