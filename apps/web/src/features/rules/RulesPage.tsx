'use client';

import { useState } from 'react';
import { Alert, Card, PageHeader, SelectField, Spinner } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type MessageKey, useT } from '@/lib/i18n';
import { RuleForm, type RuleScopeView } from './RuleForm';
import { changeRuleSettings, getRuleAudit, getRuleSettings, type RuleScope } from './rules.api';
import './rules.css';
import { VehicleCategory } from './VehicleCategory';

const SCOPES: RuleScope[] = ['default', 'cargo', 'passengers', 'exempt'];

/** The driving rules' thresholds: everyone reads them, admins and managers change them per scope. */
export function RulesPage() {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [scope, setScope] = useState<RuleScope>('default');
  const [version, setVersion] = useState(0);
  const loaded = useLoad(String(version), getRuleSettings);
  const audit = useLoad(`${scope}:${version}`, (signal) =>
    canEdit ? getRuleAudit(scope, signal) : Promise.resolve(null),
  );
  const view = loaded.data && (scope === 'default' ? loaded.data.defaults : loaded.data.categories[scope]);
  return (
    <>
      <PageHeader title={t('rules.title')} subtitle={t('rules.subtitle')} />
      <SelectField
        label={t('rules.scope')}
        value={scope}
        options={SCOPES.map((s) => ({ value: s, label: t(`rules.scope.${s}` as MessageKey) }))}
        onChange={(e) => setScope(e.target.value as RuleScope)}
      />
      {!canEdit && <Alert tone="info">{t('rules.readOnly')}</Alert>}
      {loaded.error !== null && <Alert>{errorMessage(loaded.error)}</Alert>}
      {!view && !loaded.error && <Spinner label={t('common.loading')} />}
      {view && (
        <RuleForm
          key={scope}
          idPrefix={scope}
          view={view as RuleScopeView}
          inherits={scope !== 'default'}
          canEdit={canEdit}
          onSave={async (change) => {
            await changeRuleSettings(scope, change);
            setVersion((v) => v + 1);
          }}
        />
      )}
      <VehicleCategory canEdit={canEdit} />
      {canEdit && (
        <Card title={t('rules.audit')}>
          {audit.data?.items.length ? (
            <ul className="rules-audit">
              {audit.data.items.map((entry) => (
                <li key={entry.id}>
                  {t('rules.audit.entry', {
                    when: format.dateTime(entry.changedAt),
                    who: entry.changedBy?.name ?? '—',
                  })}
                  <code>{JSON.stringify(entry.after)}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="cell-muted">{t('rules.audit.empty')}</p>
          )}
        </Card>
      )}
    </>
  );
}
