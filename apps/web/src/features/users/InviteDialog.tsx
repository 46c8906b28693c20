'use client';

import { useState } from 'react';
import { Alert, Dialog, SelectField, TextField } from '@/components';
import type { Role } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { roleOptions } from './role-options';
import { type CreatedInvitation, invitationLink, inviteUser } from './users.api';
import { useSubmit } from './useSubmit';

/** Creates an invitation and shows its registration link, ready to copy. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t('users.inviteTitle')}>
      <InviteForm onClose={onClose} />
    </Dialog>
  );
}

function InviteForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const { busy, error, run } = useSubmit();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [invitation, setInvitation] = useState<CreatedInvitation | null>(null);

  if (invitation) return <InvitationLink invitation={invitation} onClose={onClose} />;

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => setInvitation(await inviteUser({ email: email.trim(), role })));
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      <p className="dialog__text">{t('users.inviteHelp')}</p>
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('auth.email')}
        type="email"
        required
        autoFocus
        autoComplete="off"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <SelectField
        label={t('users.col.role')}
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
        options={roleOptions(t)}
      />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('users.inviteSubmit')}
        </button>
      </div>
    </form>
  );
}

/**
 * A new invitation: "sent to …" when the server e-mailed it, and in any case its link, ready to copy
 * (the only time it is shown).
 */
export function InvitationLink({
  invitation,
  onClose,
}: {
  invitation: CreatedInvitation;
  onClose: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const [copied, setCopied] = useState(false);
  const link = invitationLink(window.location.origin, invitation.token);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure origin, permissions): the field is selected for a manual copy.
      document.getElementById('invitation-link')?.focus();
    }
  };
  return (
    <div className="form">
      {invitation.emailed && (
        <Alert tone="success">{t('users.inviteEmailed', { email: invitation.email })}</Alert>
      )}
      <div className="field">
        <label htmlFor="invitation-link">{t('users.inviteLink')}</label>
        <div className="copy-field">
          <input id="invitation-link" readOnly value={link} onFocus={(event) => event.target.select()} />
          <button type="button" className="btn btn--primary" onClick={copy}>
            {copied ? t('common.copied') : t('common.copy')}
          </button>
        </div>
        <p className="field__hint">
          {t(invitation.emailed ? 'users.inviteLinkHelpEmailed' : 'users.inviteLinkHelp', {
            email: invitation.email,
            date: format.dateTime(invitation.expiresAt),
          })}
        </p>
      </div>
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </div>
  );
}
