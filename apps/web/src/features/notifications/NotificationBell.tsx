'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Alert, Spinner } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { Icon } from '@/shell/icons';
import { useDisclosure } from '@/shell/useDisclosure';
import type { Notification } from './notifications.api';
import { useNotifications } from './useNotifications';
import './notifications.css';

/** The top bar's notification centre: a bell with the unread count (live) and the list it opens. */
export function NotificationBell() {
  const t = useT();
  const centre = useNotifications();
  const { open, setOpen, rootRef, buttonRef } = useDisclosure();
  const panelId = useId();
  const unread = centre.unread ?? 0;

  const toggle = () => {
    if (!open) void centre.refresh();
    setOpen(!open);
  };

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
        onClick={toggle}
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span className="bell__count" data-testid="unread-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section id={panelId} className="bell__panel" hidden={!open} aria-label={t('notifications.title')}>
        <header className="bell__header">
          <h2>{t('notifications.title')}</h2>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            disabled={unread === 0}
            onClick={() => void centre.markAllRead()}
          >
            {t('notifications.markAllRead')}
          </button>
        </header>
        {open && <NotificationList centre={centre} onNavigate={() => setOpen(false)} />}
      </section>
    </div>
  );
}

function NotificationList({
  centre,
  onNavigate,
}: {
  centre: ReturnType<typeof useNotifications>;
  onNavigate: () => void;
}) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const { items, total, loading, error, hasMore } = centre;
  return (
    <div className="bell__body">
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      {total === 0 && <p className="bell__empty">{t('notifications.empty')}</p>}
      {items.length > 0 && (
        <ul className="bell__list" aria-label={t('notifications.list')}>
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} onOpen={centre.markRead} onNavigate={onNavigate} />
          ))}
        </ul>
      )}
      {loading && <Spinner label={t('common.loading')} />}
      {hasMore && !loading && (
        <button type="button" className="btn btn--ghost btn--small bell__more" onClick={centre.loadMore}>
          {t('notifications.loadMore')}
        </button>
      )}
    </div>
  );
}

function NotificationItem({
  n,
  onOpen,
  onNavigate,
}: {
  n: Notification;
  onOpen: (n: Notification) => Promise<void>;
  onNavigate: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const [expanded, setExpanded] = useState(false);
  const unread = n.readAt === null;
  return (
    <li className={`bell__item ${unread ? 'is-unread' : ''}`}>
      <button
        type="button"
        className="bell__open"
        aria-expanded={expanded}
        onClick={() => {
          setExpanded(!expanded);
          void onOpen(n);
        }}
      >
        <span className="bell__title">
          {unread && <span className="visually-hidden">{t('notifications.unread')}: </span>}
          {n.title}
        </span>
        <time className="bell__time" dateTime={String(n.createdAt)}>
          {format.dateTime(n.createdAt)}
        </time>
      </button>
      {expanded && (
        <div className="bell__detail">
          <p className="bell__text">{n.body}</p>
          {n.vehicleId && (
            <Link href={`/vehicles/${encodeURIComponent(n.vehicleId)}`} onClick={onNavigate}>
              {t('notifications.openVehicle')}
            </Link>
          )}
        </div>
      )}
    </li>
  );
}
