'use client';

import { Badge, type Column } from '@/components';
import type { User, UserStatus } from '@/lib/auth';
import type { Formatters } from '@/lib/format';
import type { Translate } from '@/lib/i18n';
import type { UserSort } from './users.api';

export type UserAction = 'edit' | 'approve' | 'activate' | 'deactivate' | 'reset';

const STATUS_TONE: Record<UserStatus, 'good' | 'warning' | 'neutral'> = {
  active: 'good',
  pending: 'warning',
  inactive: 'neutral',
};

/** Which row actions make sense for a user; nobody deactivates themselves from here. */
export function actionsFor(user: User, currentUserId: string): UserAction[] {
  const actions: UserAction[] = ['edit'];
  if (user.status === 'pending') actions.push('approve');
  if (user.status === 'inactive') actions.push('activate');
  if (user.status === 'active' && user.id !== currentUserId) actions.push('deactivate');
  actions.push('reset');
  return actions;
}

const ACTION_LABEL = {
  edit: 'users.edit',
  approve: 'users.approve',
  activate: 'users.activate',
  deactivate: 'users.deactivate',
  reset: 'users.resetPassword',
} as const;

export function userColumns(options: {
  t: Translate;
  format: Formatters;
  currentUserId: string;
  onAction: (action: UserAction, user: User) => void;
}): Column<User, UserSort | 'actions'>[] {
  const { t, format, currentUserId, onAction } = options;
  return [
    {
      key: 'name',
      header: t('users.col.name'),
      sortable: true,
      render: (user) => (
        <span className="cell-strong">
          {user.name}
          {user.id === currentUserId && <span className="cell-muted"> ({t('users.you')})</span>}
        </span>
      ),
    },
    {
      key: 'email',
      header: t('users.col.email'),
      sortable: true,
      render: (user) => <span className="cell-wrap">{user.email}</span>,
    },
    {
      key: 'role',
      header: t('users.col.role'),
      sortable: true,
      render: (user) => (
        <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{t(`role.${user.role}`)}</Badge>
      ),
    },
    {
      key: 'status',
      header: t('users.col.status'),
      sortable: true,
      render: (user) => <Badge tone={STATUS_TONE[user.status]}>{t(`status.${user.status}`)}</Badge>,
    },
    {
      key: 'lastLoginAt',
      header: t('users.col.lastLogin'),
      sortable: true,
      render: (user) => (
        <time dateTime={user.lastLoginAt ?? undefined}>
          {format.dateTime(user.lastLoginAt, t('common.never'))}
        </time>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      hideHeader: true,
      align: 'end',
      render: (user) => (
        <div className="row-actions">
          {actionsFor(user, currentUserId).map((action) => (
            <button
              key={action}
              type="button"
              className={`btn btn--small ${action === 'approve' ? 'btn--primary' : 'btn--ghost'}`}
              onClick={() => onAction(action, user)}
              aria-label={`${t(ACTION_LABEL[action])}: ${user.name}`}
            >
              {t(ACTION_LABEL[action])}
            </button>
          ))}
        </div>
      ),
    },
  ];
}
