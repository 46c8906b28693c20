'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { Alert, Spinner, TextField } from '@/components';
import { isApiError } from '@/lib/api';
import { useErrorMessage } from '@/lib/errors';
import { useT } from '@/lib/i18n';
import { AuthFrame } from './AuthFrame';
import { getAuthConfig, signup } from './auth.api';
import { PasswordFields, type PasswordPair, passwordsMatch } from './PasswordFields';

type Phase = 'loading' | 'closed' | 'open' | 'done';

/** Self-registration, when the platform allows it: the account then waits for an admin's approval. */
export function SignupForm() {
  const t = useT();
  const errorMessage = useErrorMessage();
  const [phase, setPhase] = useState<Phase>('loading');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [passwords, setPasswords] = useState<PasswordPair>({ password: '', confirm: '' });
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);

  useEffect(() => {
    getAuthConfig()
      .then((config) => setPhase(config.selfRegistration ? 'open' : 'closed'))
      .catch(() => setPhase('closed'));
  }, []);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!passwordsMatch(passwords)) return;
    setError(null);
    setPasswordError(null);
    setSubmitting(true);
    try {
      await signup({ email: email.trim(), name: name.trim(), password: passwords.password });
      setPhase('done');
    } catch (caught) {
      if (isApiError(caught, 'weak_password')) setPasswordError(errorMessage(caught));
      else if (isApiError(caught, 'registration_closed')) setPhase('closed');
      else setError(errorMessage(caught));
    } finally {
      setSubmitting(false);
    }
  };

  const backToLogin = (
    <p className="auth__alt">
      {t('auth.signup.haveAccount')} <Link href="/login">{t('auth.login.submit')}</Link>
    </p>
  );

  return (
    <AuthFrame
      title={t('auth.signup.title')}
      subtitle={phase === 'open' ? t('auth.signup.subtitle') : undefined}
    >
      {phase === 'loading' && <Spinner label={t('common.loading')} />}
      {phase === 'closed' && <Alert tone="info">{t('auth.signup.closed')}</Alert>}
      {phase === 'done' && <Alert tone="success">{t('auth.signup.done')}</Alert>}
      {phase === 'open' && (
        <form className="form" onSubmit={onSubmit}>
          {error && <Alert>{error}</Alert>}
          <TextField
            label={t('auth.name')}
            autoComplete="name"
            required
            autoFocus
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <TextField
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
          <PasswordFields value={passwords} onChange={setPasswords} serverError={passwordError} />
          <button
            type="submit"
            className="btn btn--primary btn--block"
            disabled={submitting || !passwordsMatch(passwords)}
          >
            {submitting ? t('common.saving') : t('auth.signup.submit')}
          </button>
        </form>
      )}
      {backToLogin}
    </AuthFrame>
  );
}
