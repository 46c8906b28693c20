'use client';

import { useCallback, useState } from 'react';
import { useLiveStream } from '@/lib/live-stream';
import {
  EMPTY,
  mergeNotifications,
  type NotificationState,
  nextPage,
  pushed,
  read,
} from './notification-list';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_STREAM,
  type Notification,
  unreadCount,
} from './notifications.api';

const PAGE_SIZE = 10;

/**
 * The signed-in user's notification centre: the unread count (followed live), the newest
 * notifications (loaded on demand, more on request) and the read actions.
 */
export function useNotifications() {
  const [state, setState] = useState<NotificationState>(EMPTY);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [live, setLive] = useState(false);

  const load = useCallback(async (page: number) => {
    setLoading(true);
    try {
      const answer = await listNotifications({ page, pageSize: PAGE_SIZE });
      setState((s) => ({
        items: mergeNotifications(page === 1 ? [] : s.items, answer.items),
        total: answer.total,
        unread: answer.unread,
      }));
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
  }, []);

  useLiveStream(
    NOTIFICATIONS_STREAM,
    (event) => {
      if (event.event !== 'notification') return;
      const n = JSON.parse(event.data) as Notification;
      setState((s) => pushed(s, n));
    },
    {
      // Every (re)connection: what arrived while we were away is counted (and listed, if shown).
      onOpen: () => {
        unreadCount().then(
          ({ unread }) => setState((s) => ({ ...s, unread })),
          () => undefined,
        );
      },
      onState: setLive,
    },
  );

  return {
    ...state,
    loading,
    error,
    live,
    hasMore: state.total !== null && state.items.length < state.total,
    /** The first page again (when the panel opens). */
    refresh: () => load(1),
    loadMore: () => load(nextPage(state.items.length, PAGE_SIZE)),
    markRead: async (n: Notification) => {
      if (n.readAt) return;
      setState((s) => read(s, { ...n, readAt: new Date().toISOString() }));
      try {
        const answer = await markNotificationRead(n.id);
        setState((s) => ({ ...s, items: s.items.map((item) => (item.id === n.id ? answer : item)) }));
      } catch (caught) {
        setError(caught);
        void load(1);
      }
    },
    markAllRead: async () => {
      try {
        await markAllNotificationsRead();
        const now = new Date().toISOString();
        setState((s) => ({
          ...s,
          items: s.items.map((item) => (item.readAt ? item : { ...item, readAt: now })),
          unread: 0,
        }));
      } catch (caught) {
        setError(caught);
      }
    },
  };
}
