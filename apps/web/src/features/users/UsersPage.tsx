'use client';

import { useState } from 'react';
import { Alert, ConfirmDialog, DataTable, PageHeader, Pagination, useToast } from '@/components';
import { type User, useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { CreateUserDialog } from './CreateUserDialog';
import { EditUserDialog } from './EditUserDialog';
import { InviteDialog } from './InviteDialog';
import { PendingInvitations } from './PendingInvitations';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UsersToolbar } from './UsersToolbar';
import { type UserAction, userColumns } from './user-columns';
import { approveUser, type UserSort, updateUser } from './users.api';
import { USER_PAGE_SIZES } from './users-query';
import { useUserList } from './useUserList';

type OpenDialog =
  | { kind: 'none' }
  | { kind: 'create' }
  | { kind: 'invite' }
  | { kind: 'edit' | 'reset' | 'deactivate'; user: User };

/** The users admin page (admins only; the API enforces it too). */
export function UsersPage() {
  const t = useT();
  const { user } = useAuth();
  if (user?.role !== 'admin') {
    return (
      <>
        <PageHeader title={t('users.title')} />
        <Alert>{t('errors.forbidden')}</Alert>
      </>
    );
  }
  return <UsersAdmin currentUserId={user.id} />;
}

function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { updateUser: updateSignedInUser } = useAuth();
  const { query, update, page, loading, error, reload } = useUserList();
  const [dialog, setDialog] = useState<OpenDialog>({ kind: 'none' });
  const close = () => setDialog({ kind: 'none' });
  const [invitations, setInvitations] = useState(0);

  const setStatus = async (user: User, action: 'approve' | 'activate') => {
    try {
      const changed =
        action === 'approve' ? await approveUser(user.id) : await updateUser(user.id, { active: true });
      notify(t(action === 'approve' ? 'users.approved' : 'users.activated', { name: changed.name }));
      reload();
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    }
  };

  const onAction = (action: UserAction, user: User) => {
    if (action === 'approve' || action === 'activate') void setStatus(user, action);
    else setDialog({ kind: action === 'edit' ? 'edit' : action === 'reset' ? 'reset' : 'deactivate', user });
  };

  const filtered = Boolean(query.search || query.role || query.status);
  const dialogUser = (kind: 'edit' | 'reset' | 'deactivate') =>
    dialog.kind === kind && 'user' in dialog ? dialog.user : null;
  const deactivating = dialogUser('deactivate');

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <>
            <button type="button" className="btn btn--ghost" onClick={() => setDialog({ kind: 'invite' })}>
              {t('users.invite')}
            </button>
            <button type="button" className="btn btn--primary" onClick={() => setDialog({ kind: 'create' })}>
              {t('users.create')}
            </button>
          </>
        }
      />
      <UsersToolbar query={query} update={update} />
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable<User, UserSort | 'actions'>
        caption={t('users.title')}
        columns={userColumns({ t, format, currentUserId, onAction })}
        rows={page?.items ?? []}
        rowKey={(user) => user.id}
        sort={{ key: query.sort, direction: query.direction }}
        onSortChange={(sort) =>
          sort.key !== 'actions' && update({ sort: sort.key, direction: sort.direction })
        }
        loading={loading}
        empty={t(filtered ? 'users.emptyFiltered' : 'users.empty')}
        footer={
          page && page.total > 0 ? (
            <Pagination
              page={query.page}
              pageSize={query.pageSize}
              total={page.total}
              pageSizes={USER_PAGE_SIZES}
              onPageChange={(next) => update({ page: next })}
              onPageSizeChange={(pageSize) => update({ pageSize })}
            />
          ) : undefined
        }
      />
      <CreateUserDialog
        open={dialog.kind === 'create'}
        onClose={close}
        onCreated={(user) => {
          close();
          notify(t('users.created', { name: user.name }));
          reload();
        }}
      />
      <PendingInvitations version={invitations} />
      <InviteDialog
        open={dialog.kind === 'invite'}
        onClose={() => {
          close();
          setInvitations((n) => n + 1);
        }}
      />
      <EditUserDialog
        user={dialogUser('edit')}
        onClose={close}
        onSaved={(saved) => {
          if (saved.id === currentUserId) updateSignedInUser(saved);
          close();
          notify(t('users.saved'));
          reload();
        }}
      />
      <ResetPasswordDialog
        user={dialogUser('reset')}
        onClose={close}
        onDone={(user) => {
          close();
          notify(t('users.resetDone', { name: user.name }));
        }}
      />
      <ConfirmDialog
        open={deactivating !== null}
        title={deactivating ? t('users.deactivateTitle', { name: deactivating.name }) : ''}
        confirmLabel={t('users.deactivate')}
        onClose={close}
        onConfirm={async () => {
          if (!deactivating) return;
          await updateUser(deactivating.id, { active: false });
          notify(t('users.deactivated', { name: deactivating.name }));
          reload();
        }}
      >
        {deactivating && t('users.deactivateText', { name: deactivating.name })}
      </ConfirmDialog>
    </>
  );
}
