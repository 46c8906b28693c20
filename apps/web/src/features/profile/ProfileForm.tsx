'use client';

import { useMemo, useState } from 'react';
import { Alert, Card, SelectField, TextField, useToast } from '@/components';
import { type User, useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { browserTimeZone } from '@/lib/format';
import { LOCALE_NAMES, LOCALES, type Locale, useI18n } from '@/lib/i18n';
import { updateProfile } from './profile.api';

const timeZones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
};

/** Name, language and time zone of the signed-in user. */
export function ProfileForm({ user }: { user: User }) {
  const { t, locale, setLocale } = useI18n();
  const { updateUser } = useAuth();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState(user.name);
  const [language, setLanguage] = useState<Locale>(user.locale ?? locale);
  const [timeZone, setTimeZone] = useState(user.timeZone ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await updateProfile({
        name: name.trim(),
        locale: language,
        ...(timeZone && { timeZone }),
      });
      updateUser(updated);
      setLocale(language);
      notify(t('profile.saved'));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('profile.details')}>
      <form className="form" onSubmit={onSubmit}>
        {error && <Alert>{error}</Alert>}
        <TextField label={t('auth.email')} value={user.email} readOnly />
        <TextField label={t('profile.role')} value={t(`role.${user.role}`)} readOnly />
        <TextField
          label={t('auth.name')}
          required
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <SelectField
          label={t('profile.language')}
          value={language}
          onChange={(event) => setLanguage(event.target.value as Locale)}
          options={LOCALES.map((option) => ({ value: option, label: LOCALE_NAMES[option] }))}
        />
        <SelectField
          label={t('profile.timeZone')}
          value={timeZone}
          onChange={(event) => setTimeZone(event.target.value)}
          options={[
            ...(user.timeZone
              ? []
              : [{ value: '', label: t('profile.timeZoneBrowser', { zone: browserTimeZone() }) }]),
            ...zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })),
          ]}
        />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </Card>
  );
}
