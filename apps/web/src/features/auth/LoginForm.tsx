'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Alert, TextField } from '@/components';
import { isApiError } from '@/lib/api';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';
import { AuthFrame } from './AuthFrame';
import { getAuthConfig } from './auth.api';
import { safeNext } from './safe-next';
import { useCountdown } from './useCountdown';

export function LoginForm({ next, reason }: { next?: string; reason?: string }) {
  const { t, setLocale } = useI18n();
  const errorMessage = useErrorMessage();
  const { status, login } = useAuth();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [blockedUntil, setBlockedUntil] = useState<number | null>(null);
  const [selfRegistration, setSelfRegistration] = useState(false);
  const waitSeconds = useCountdown(blockedUntil);

  // Already signed in (the refresh cookie was still valid): go straight on.
  useEffect(() => {
    if (status === 'authenticated') router.replace(safeNext(next));
  }, [status, next, router]);

  useEffect(() => {
    getAuthConfig()
      .then((config) => setSelfRegistration(config.selfRegistration))
      .catch(() => setSelfRegistration(false));
  }, []);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      const user = await login(email.trim(), password);
      // The language saved in the profile follows the user to any browser.
      if (user.locale) setLocale(user.locale);
    } catch (caught) {
      if (isApiError(caught) && caught.status === 429) {
        setBlockedUntil(Date.now() + (caught.retryAfterSeconds ?? 60) * 1000);
      } else {
        setError(errorMessage(caught));
      }
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  };

  const blocked = waitSeconds > 0;
  return (
    <AuthFrame title={t('auth.login.title')} subtitle={t('auth.login.subtitle')}>
      <form className="form" onSubmit={onSubmit}>
        {reason === 'expired' && !error && !blocked && (
          <Alert tone="info">{t('auth.login.sessionExpired')}</Alert>
        )}
        {blocked && <Alert>{t('auth.login.waitSeconds', { seconds: waitSeconds })}</Alert>}
        {error && <Alert>{error}</Alert>}
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          autoFocus
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="btn btn--primary btn--block" disabled={submitting || blocked}>
          {submitting ? t('auth.login.submitting') : t('auth.login.submit')}
        </button>
      </form>
      {selfRegistration && (
        <p className="auth__alt">
          {t('auth.login.noAccount')} <Link href="/signup">{t('auth.login.signupLink')}</Link>
        </p>
      )}
    </AuthFrame>
  );
}
