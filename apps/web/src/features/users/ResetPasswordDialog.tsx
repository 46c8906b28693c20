'use client';

import { useState } from 'react';
import { Alert, Dialog, TextField } from '@/components';
import type { User } from '@/lib/auth';
import { useT } from '@/lib/i18n';
import { resetUserPassword } from './users.api';
import { useSubmit } from './useSubmit';

/** Sets a new password for someone who lost theirs; the admin hands it over. */
export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: User | null;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const t = useT();
  return (
    <Dialog
      open={user !== null}
      onClose={onClose}
      title={user ? t('users.resetTitle', { name: user.name }) : ''}
      size="small"
    >
      {user && <ResetPasswordForm user={user} onClose={onClose} onDone={onDone} />}
    </Dialog>
  );
}

function ResetPasswordForm({
  user,
  onClose,
  onDone,
}: {
  user: User;
  onClose: () => void;
  onDone: (user: User) => void;
}) {
  const t = useT();
  const { busy, error, passwordError, run } = useSubmit();
  const [password, setPassword] = useState('');

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      await resetUserPassword(user.id, password);
      onDone(user);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit}>
      {error && <Alert>{error}</Alert>}
      <TextField
        label={t('users.resetNewPassword')}
        type="password"
        required
        minLength={10}
        autoFocus
        autoComplete="new-password"
        hint={t('auth.passwordHint')}
        error={passwordError}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={busy}>
          {busy ? t('common.saving') : t('users.resetPassword')}
        </button>
      </div>
    </form>
  );
}
