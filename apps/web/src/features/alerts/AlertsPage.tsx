'use client';

import { useState } from 'react';
import { Alert, PageHeader } from '@/components';
import { useAuth } from '@/lib/auth';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import { ALERT_EDITORS } from '@/shell/nav';
import { AlertRules } from './AlertRules';
import { listWebhookEndpoints } from './alerts.api';
import { DeliveryLog } from './DeliveryLog';
import { WebhookEndpoints } from './WebhookEndpoints';
import './alerts.css';

/**
 * Alertas: the alert rules, the webhook endpoints and the delivery log (admins and managers; the API
 * refuses viewers all three, so a viewer is told where their own alerts are instead).
 */
export function AlertsPage() {
  const t = useT();
  const { user } = useAuth();
  if (!user || !ALERT_EDITORS.includes(user.role))
    return (
      <>
        <PageHeader title={t('alerts.title')} />
        <Alert tone="info">{t('alerts.editorsOnly')}</Alert>
      </>
    );
  return <AlertsAdmin />;
}

function AlertsAdmin() {
  const t = useT();
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const endpoints = useLoad(`endpoints:${version}`, listWebhookEndpoints);
  return (
    <div className="alerts-page">
      <PageHeader title={t('alerts.title')} subtitle={t('alerts.subtitle')} />
      <AlertRules endpoints={endpoints.data ?? []} onChanged={changed} />
      <WebhookEndpoints endpoints={endpoints.data ?? []} error={endpoints.error} onChanged={changed} />
      <DeliveryLog endpoints={endpoints.data ?? []} version={version} />
    </div>
  );
}
