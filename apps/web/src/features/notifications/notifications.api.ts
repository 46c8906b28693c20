import type { NotificationView, Page } from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';

export type Notification = NotificationView;

export const listNotifications = (query: { page: number; pageSize: number }, signal?: AbortSignal) =>
  apiFetch<Page<Notification> & { unread: number }>('/api/notifications', { query, signal });

export const unreadCount = (signal?: AbortSignal) =>
  apiFetch<{ unread: number }>('/api/notifications/unread-count', { signal });

export const markNotificationRead = (id: string) =>
  apiFetch<Notification>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });

export const markAllNotificationsRead = () =>
  apiFetch<{ marked: number }>('/api/notifications/read-all', { method: 'POST' });

/** The live stream of the signed-in user's new notifications (`event: notification`). */
export const NOTIFICATIONS_STREAM = '/api/live/notifications';
