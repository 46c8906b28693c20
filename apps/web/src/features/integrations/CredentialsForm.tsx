'use client';

import { useEffect, useState } from 'react';
import { Alert, Badge, Card, Spinner, TextField, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import {
  getCredentials,
  type MixCredentialsInput,
  type MixCredentialsView,
  saveCredentials,
} from './integrations.api';

type Fields = Required<MixCredentialsInput>;
const EMPTY: Fields = {
  identityUrl: '',
  apiUrl: '',
  clientId: '',
  clientSecret: '',
  username: '',
  password: '',
  organisationId: '',
};

const fromView = (view: MixCredentialsView): Fields => ({
  identityUrl: view.identityUrl ?? '',
  apiUrl: view.apiUrl ?? '',
  clientId: view.clientId ?? '',
  clientSecret: '',
  username: view.username ?? '',
  password: '',
  organisationId: view.organisationId ?? '',
});

/**
 * The MiX credentials (admins only). Secrets are write-only: the API only says whether one is stored,
 * so the form shows "definido" and an empty secret field keeps the stored value.
 */
export function CredentialsForm({ onSaved }: { onSaved: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const loaded = useLoad(String(version), getCredentials);
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const view = loaded.data;

  useEffect(() => {
    if (view) setFields(fromView(view));
  }, [view]);

  const field = (name: keyof Fields) => ({
    value: fields[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) =>
      setFields((current) => ({ ...current, [name]: event.target.value })),
  });
  const secretHint = (stored: boolean | undefined) =>
    stored ? t('integrations.credentials.secretSet') : t('integrations.credentials.secretUnset');

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const { clientSecret, password, ...rest } = fields;
    try {
      await saveCredentials({
        ...rest,
        organisationId: rest.organisationId.trim(),
        clientSecret: clientSecret || undefined,
        password: password || undefined,
      });
      notify(t('integrations.credentials.saved'), 'success');
      setVersion((v) => v + 1);
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      title={t('integrations.credentials.title')}
      className="credentials-card"
      actions={
        view && (
          <Badge tone={view.configured ? 'good' : 'warning'}>
            {t(view.configured ? 'integrations.credentials.configured' : 'integrations.credentials.missing')}
          </Badge>
        )
      }
    >
      {!view && !loaded.error && <Spinner label={t('common.loading')} />}
      {loaded.error !== null && <Alert>{errorMessage(loaded.error)}</Alert>}
      {view && (
        <form className="credentials-form" onSubmit={submit}>
          <p className="cell-muted credentials-form__source">
            {t(`integrations.credentials.source.${view.source}`)}
            {view.updatedAt &&
              ` · ${t('integrations.credentials.updated', { when: format.dateTime(view.updatedAt) })}`}
          </p>
          <div className="credentials-form__grid">
            <TextField
              label={t('integrations.credentials.identityUrl')}
              type="url"
              required
              {...field('identityUrl')}
            />
            <TextField
              label={t('integrations.credentials.apiUrl')}
              type="url"
              required
              {...field('apiUrl')}
            />
            <TextField
              label={t('integrations.credentials.clientId')}
              required
              autoComplete="off"
              {...field('clientId')}
            />
            <TextField
              label={t('integrations.credentials.clientSecret')}
              type="password"
              autoComplete="new-password"
              hint={secretHint(view.hasClientSecret)}
              {...field('clientSecret')}
            />
            <TextField
              label={t('integrations.credentials.username')}
              required
              autoComplete="off"
              {...field('username')}
            />
            <TextField
              label={t('integrations.credentials.password')}
              type="password"
              autoComplete="new-password"
              hint={secretHint(view.hasPassword)}
              {...field('password')}
            />
            <TextField
              label={t('integrations.credentials.organisationId')}
              required
              inputMode="numeric"
              pattern="-?\d{1,19}"
              hint={t('integrations.credentials.organisationHint')}
              {...field('organisationId')}
            />
          </div>
          {error && <Alert>{error}</Alert>}
          <div className="credentials-form__actions">
            <button type="submit" className="btn btn--primary" disabled={saving}>
              {t(saving ? 'common.saving' : 'common.save')}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}
