import type { NotificationView as Notification } from '@pioneira/contracts';

/** What the notification centre holds: the newest notifications loaded so far and the counts. */
export interface NotificationState {
  items: Notification[];
  /** How many the user has in all (null: the list was never loaded). */
  total: number | null;
  unread: number | null;
}

export const EMPTY: NotificationState = { items: [], total: null, unread: null };

const newestFirst = (a: Notification, b: Notification) =>
  String(b.createdAt).localeCompare(String(a.createdAt)) || b.id.localeCompare(a.id);

/** `incoming` merged into `items`, each notification once (the newer copy wins), newest first. */
export function mergeNotifications(items: Notification[], incoming: Notification[]): Notification[] {
  const byId = new Map(items.map((n) => [n.id, n]));
  for (const n of incoming) byId.set(n.id, n);
  return [...byId.values()].sort(newestFirst);
}

/** A notification pushed live: listed first and counted unread, unless it is already there. */
export function pushed(state: NotificationState, n: Notification): NotificationState {
  if (state.items.some((item) => item.id === n.id)) return state;
  return {
    items: mergeNotifications(state.items, [n]),
    total: state.total === null ? null : state.total + 1,
    unread: state.unread === null ? null : state.unread + (n.readAt ? 0 : 1),
  };
}

/** One notification read (as the API answered it): the count drops only if it was unread here. */
export function read(state: NotificationState, n: Notification): NotificationState {
  const before = state.items.find((item) => item.id === n.id);
  const wasUnread = before ? before.readAt === null : false;
  return {
    ...state,
    items: state.items.map((item) => (item.id === n.id ? n : item)),
    unread: state.unread === null ? null : Math.max(0, state.unread - (wasUnread ? 1 : 0)),
  };
}

/** The page to ask for next: the one holding the first notification not loaded yet. */
export const nextPage = (loaded: number, pageSize: number) => Math.floor(loaded / pageSize) + 1;
