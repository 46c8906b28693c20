'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Alert, Spinner, TextField } from '@/components';
import { isApiError } from '@/lib/api';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { type Locale, useI18n } from '@/lib/i18n';
import { HOME_PATH } from '@/shell/nav';
import { AuthFrame } from './AuthFrame';
import { getInvitation, type Invitation, register } from './auth.api';
import { PasswordFields, type PasswordPair, passwordsMatch } from './PasswordFields';

type InvitationState = { kind: 'loading' } | { kind: 'invalid' } | { kind: 'ready'; invitation: Invitation };

/** Account creation through an invitation link (`/register?token=…`); signs the new user in on success. */
export function RegisterForm({ token, locale }: { token?: string; locale?: Locale }) {
  const { t, setLocale } = useI18n();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const { login } = useAuth();
  const router = useRouter();
  const [state, setState] = useState<InvitationState>({ kind: 'loading' });
  const [name, setName] = useState('');
  const [passwords, setPasswords] = useState<PasswordPair>({ password: '', confirm: '' });
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  // A localized link (/en/register?token=…) picks the language before anything is shown.
  useEffect(() => {
    if (locale) setLocale(locale);
  }, [locale, setLocale]);

  useEffect(() => {
    if (!token) return;
    getInvitation(token)
      .then((invitation) => setState({ kind: 'ready', invitation }))
      .catch(() => setState({ kind: 'invalid' }));
  }, [token]);

  if (!token || state.kind === 'invalid') {
    return (
      <AuthFrame title={t('auth.register.title')}>
        <Alert>{t(token ? 'auth.register.invalid' : 'auth.register.missingToken')}</Alert>
        <p className="auth__alt">
          <Link href="/login">{t('common.backToLogin')}</Link>
        </p>
      </AuthFrame>
    );
  }
  if (state.kind === 'loading') {
    return (
      <AuthFrame title={t('auth.register.title')}>
        <Spinner label={t('common.loading')} />
      </AuthFrame>
    );
  }

  const { invitation } = state;
  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!passwordsMatch(passwords)) return;
    setError(null);
    setPasswordError(null);
    setSubmitting(true);
    try {
      await register({ token, name: name.trim(), password: passwords.password });
    } catch (caught) {
      setSubmitting(false);
      if (isApiError(caught, 'weak_password')) setPasswordError(errorMessage(caught));
      else if (isApiError(caught) && caught.status === 404) setState({ kind: 'invalid' });
      else setError(errorMessage(caught));
      return;
    }
    try {
      await login(invitation.email, passwords.password);
      router.replace(HOME_PATH);
    } catch {
      router.replace('/login');
    }
  };

  return (
    <AuthFrame
      title={t('auth.register.title')}
      subtitle={t('auth.register.subtitle', { role: t(`role.${invitation.role}`) })}
    >
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <TextField
          label={t('auth.email')}
          type="email"
          value={invitation.email}
          readOnly
          autoComplete="username"
        />
        <TextField
          label={t('auth.name')}
          autoComplete="name"
          required
          autoFocus
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <PasswordFields value={passwords} onChange={setPasswords} serverError={passwordError} />
        <p className="form__note">
          {t('auth.register.expires', { date: format.dateTime(invitation.expiresAt) })}
        </p>
        <button
          type="submit"
          className="btn btn--primary btn--block"
          disabled={submitting || !passwordsMatch(passwords)}
        >
          {submitting ? t('common.saving') : t('auth.register.submit')}
        </button>
      </form>
    </AuthFrame>
  );
}
