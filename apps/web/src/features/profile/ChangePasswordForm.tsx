'use client';

import { useState } from 'react';
import { Alert, Card, TextField, useToast } from '@/components';
import { PasswordFields, type PasswordPair, passwordsMatch } from '@/features/auth/PasswordFields';
import { isApiError } from '@/lib/api';
import { useErrorMessage } from '@/lib/errors';
import { useT } from '@/lib/i18n';
import { changeOwnPassword } from './profile.api';

const EMPTY: PasswordPair = { password: '', confirm: '' };

export function ChangePasswordForm() {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [passwords, setPasswords] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [currentError, setCurrentError] = useState<string | null>(null);
  const [newError, setNewError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!passwordsMatch(passwords)) return;
    setBusy(true);
    setError(null);
    setCurrentError(null);
    setNewError(null);
    try {
      await changeOwnPassword(current, passwords.password);
      setCurrent('');
      setPasswords(EMPTY);
      notify(t('profile.passwordChanged'));
    } catch (caught) {
      if (isApiError(caught, 'invalid_credentials')) setCurrentError(t('profile.wrongPassword'));
      else if (isApiError(caught, 'weak_password')) setNewError(errorMessage(caught));
      else setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('profile.passwordTitle')}>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <TextField
          label={t('profile.currentPassword')}
          type="password"
          required
          autoComplete="current-password"
          error={currentError}
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <PasswordFields
          label={t('profile.newPassword')}
          value={passwords}
          onChange={setPasswords}
          serverError={newError}
        />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy || !passwordsMatch(passwords)}>
            {busy ? t('common.saving') : t('profile.passwordTitle')}
          </button>
        </div>
      </form>
    </Card>
  );
}
