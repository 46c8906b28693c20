'use client';

import type { PendingInvitations as Pending } from '@pioneira/contracts';
import { useState } from 'react';
import { Alert, Badge, Card, ConfirmDialog, DataTable, Dialog, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { InvitationLink } from './InviteDialog';
import { type CreatedInvitation, listInvitations, resendInvitation, revokeInvitation } from './users.api';

type Invitation = Pending['items'][number];

/** Invitations not used yet: when they expire, whether the e-mail went out; send again or revoke. */
export function PendingInvitations({ version }: { version: number }) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [reload, setReload] = useState(0);
  const list = useLoad(`${version}|${reload}`, (signal) => listInvitations(signal));
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [resent, setResent] = useState<CreatedInvitation | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const resend = async (invitation: Invitation) => {
    setBusy(invitation.id);
    try {
      const renewed = await resendInvitation(invitation.id);
      if (renewed.emailed) notify(t('users.invitations.resentEmail', { email: renewed.email }));
      else setResent(renewed);
      setReload((n) => n + 1);
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    } finally {
      setBusy(null);
    }
  };

  const status = (invitation: Invitation) => {
    if (invitation.expired) return <Badge tone="warning">{t('users.invitations.expired')}</Badge>;
    if (invitation.sendError)
      return (
        <span title={invitation.sendError}>
          <Badge tone="bad">{t('users.invitations.sendFailed')}</Badge>
        </span>
      );
    if (invitation.sentAt) return <Badge tone="good">{t('users.invitations.sent')}</Badge>;
    return <Badge tone="neutral">{t('users.invitations.linkOnly')}</Badge>;
  };

  const items = list.data?.items ?? [];
  return (
    <Card title={t('users.invitations.title')}>
      {list.error !== null && <Alert>{errorMessage(list.error)}</Alert>}
      <DataTable<Invitation>
        caption={t('users.invitations.title')}
        rows={items}
        rowKey={(invitation) => invitation.id}
        loading={list.loading}
        empty={t('users.invitations.empty')}
        columns={[
          {
            key: 'email',
            header: t('auth.email'),
            render: (i) => <span className="cell-wrap">{i.email}</span>,
          },
          { key: 'role', header: t('users.col.role'), render: (i) => t(`role.${i.role}`) },
          {
            key: 'expires',
            header: t('users.invitations.expires'),
            render: (i) => format.dateTime(i.expiresAt),
          },
          { key: 'status', header: t('users.invitations.status'), render: status },
          {
            key: 'actions',
            header: t('users.invitations.actions'),
            hideHeader: true,
            render: (i) => (
              <span className="row-actions">
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  disabled={busy === i.id}
                  onClick={() => resend(i)}
                >
                  {t('users.invitations.resend')}
                </button>
                <button type="button" className="btn btn--ghost btn--small" onClick={() => setRevoking(i)}>
                  {t('users.invitations.revoke')}
                </button>
              </span>
            ),
          },
        ]}
      />
      <ConfirmDialog
        open={revoking !== null}
        title={t('users.invitations.revokeTitle')}
        confirmLabel={t('users.invitations.revoke')}
        onConfirm={async () => {
          if (!revoking) return;
          await revokeInvitation(revoking.id);
          notify(t('users.invitations.revoked', { email: revoking.email }));
          setReload((n) => n + 1);
        }}
        onClose={() => setRevoking(null)}
      >
        {t('users.invitations.revokeText', { email: revoking?.email ?? '' })}
      </ConfirmDialog>
      <Dialog
        open={resent !== null}
        onClose={() => setResent(null)}
        title={t('users.invitations.resendTitle')}
      >
        {resent && <InvitationLink invitation={resent} onClose={() => setResent(null)} />}
      </Dialog>
    </Card>
  );
}
