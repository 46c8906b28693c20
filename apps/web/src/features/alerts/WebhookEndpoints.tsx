'use client';

import { useState } from 'react';
import { Alert, Badge, Card, ConfirmDialog, DataTable, Dialog, TextField, useToast } from '@/components';
import { TokenDialog } from '@/features/devices/TokenDialog';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookEndpoint,
} from './alerts.api';

type Open = { kind: 'none' } | { kind: 'new' } | { kind: 'rotate' | 'delete'; endpoint: WebhookEndpoint };

/** What is wrong with a webhook URL before the API is asked (the API checks the same). */
export function webhookUrlProblem(
  url: string,
): 'alerts.webhooks.badUrl' | 'alerts.webhooks.credentials' | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'alerts.webhooks.badUrl';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'alerts.webhooks.badUrl';
  if (parsed.username || parsed.password) return 'alerts.webhooks.credentials';
  return undefined;
}

/** Webhook endpoints: add one (its signing secret shown once), disable, rotate the secret, delete. */
export function WebhookEndpoints({
  endpoints,
  error,
  onChanged,
}: {
  endpoints: WebhookEndpoint[];
  error: unknown;
  onChanged: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const close = () => setOpen({ kind: 'none' });
  const chosen = open.kind === 'rotate' || open.kind === 'delete' ? open.endpoint : null;

  const toggle = async (e: WebhookEndpoint) => {
    try {
      await updateWebhookEndpoint(e.id, { enabled: !e.enabled });
      onChanged();
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    }
  };

  return (
    <Card
      title={t('alerts.webhooks.title')}
      actions={
        <button type="button" className="btn btn--ghost" onClick={() => setOpen({ kind: 'new' })}>
          {t('alerts.webhooks.new')}
        </button>
      }
    >
      <p className="field__hint">{t('alerts.webhooks.hint')}</p>
      {error !== null && <Alert>{errorMessage(error)}</Alert>}
      <DataTable<WebhookEndpoint>
        caption={t('alerts.webhooks.title')}
        rows={endpoints}
        rowKey={(e) => e.id}
        empty={t('alerts.webhooks.empty')}
        columns={[
          {
            key: 'name',
            header: t('alerts.col.name'),
            render: (e) => <span className="cell-strong">{e.name}</span>,
          },
          {
            key: 'url',
            header: t('alerts.webhooks.url'),
            render: (e) => <code className="cell-wrap">{e.url}</code>,
          },
          {
            key: 'enabled',
            header: t('alerts.col.status'),
            render: (e) => (
              <Badge tone={e.enabled ? 'good' : 'neutral'}>
                {t(e.enabled ? 'alerts.webhooks.enabled' : 'alerts.webhooks.disabled')}
              </Badge>
            ),
          },
          { key: 'secret', header: t('alerts.webhooks.secret'), render: (e) => <code>…{e.secretHint}</code> },
          {
            key: 'created',
            header: t('alerts.webhooks.created'),
            render: (e) => format.dateTime(e.createdAt),
          },
          {
            key: 'actions',
            header: t('common.actions'),
            hideHeader: true,
            align: 'end',
            render: (e) => (
              <div className="row-actions">
                <button type="button" className="btn btn--ghost btn--small" onClick={() => void toggle(e)}>
                  {t(e.enabled ? 'alerts.webhooks.disable' : 'alerts.webhooks.enable')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => setOpen({ kind: 'rotate', endpoint: e })}
                >
                  {t('alerts.webhooks.rotate')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  aria-label={t('alerts.webhooks.deleteNamed', { name: e.name })}
                  onClick={() => setOpen({ kind: 'delete', endpoint: e })}
                >
                  {t('alerts.rule.delete')}
                </button>
              </div>
            ),
          },
        ]}
      />
      <Dialog open={open.kind === 'new'} onClose={close} title={t('alerts.webhooks.new')} size="small">
        <NewEndpointForm
          onCancel={close}
          onCreated={(created) => {
            close();
            setSecret({ name: created.name, token: created.secret });
            onChanged();
          }}
        />
      </Dialog>
      <TokenDialog
        shown={secret}
        onClose={() => setSecret(null)}
        titleOf={(name) => t('alerts.webhooks.secretTitle', { name })}
        text={t('alerts.webhooks.secretText')}
      />
      <ConfirmDialog
        open={open.kind === 'rotate'}
        title={chosen ? t('alerts.webhooks.rotateTitle', { name: chosen.name }) : ''}
        confirmLabel={t('alerts.webhooks.rotate')}
        tone="primary"
        onClose={close}
        onConfirm={async () => {
          if (!chosen) return;
          const rotated = await rotateWebhookSecret(chosen.id);
          setSecret({ name: rotated.name, token: rotated.secret });
          onChanged();
        }}
      >
        {t('alerts.webhooks.rotateText')}
      </ConfirmDialog>
      <ConfirmDialog
        open={open.kind === 'delete'}
        title={chosen ? t('alerts.webhooks.deleteTitle', { name: chosen.name }) : ''}
        confirmLabel={t('alerts.rule.delete')}
        onClose={close}
        onConfirm={async () => {
          if (!chosen) return;
          await deleteWebhookEndpoint(chosen.id);
          notify(t('alerts.webhooks.deleted', { name: chosen.name }));
          onChanged();
        }}
      >
        {t('alerts.webhooks.deleteText')}
      </ConfirmDialog>
    </Card>
  );
}

function NewEndpointForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (created: WebhookEndpoint & { secret: string }) => void;
}) {
  const t = useT();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [errors, setErrors] = useState<{ name?: string; url?: string; form?: string }>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const urlProblem = webhookUrlProblem(url);
    const next = {
      name: name.trim() ? undefined : t('alerts.error.name'),
      url: urlProblem ? t(urlProblem) : undefined,
    };
    setErrors(next);
    if (next.name || next.url) return;
    setSaving(true);
    try {
      onCreated(await createWebhookEndpoint({ name: name.trim(), url: url.trim() }));
    } catch (caught) {
      setErrors({ form: errorMessage(caught) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField
        label={t('alerts.col.name')}
        value={name}
        maxLength={120}
        error={errors.name}
        onChange={(e) => setName(e.target.value)}
      />
      <TextField
        label={t('alerts.webhooks.url')}
        type="url"
        value={url}
        maxLength={2000}
        error={errors.url}
        onChange={(e) => setUrl(e.target.value)}
      />
      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('common.saving') : t('alerts.webhooks.create')}
        </button>
      </div>
    </form>
  );
}
