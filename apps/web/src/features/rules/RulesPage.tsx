'use client';

import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, PageHeader, SelectField, Spinner, TextField, useToast } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { type MessageKey, useI18n, useT } from '@/lib/i18n';
import { fromDraft, kindOf, RULE_GROUPS, type RuleKey, toDraft } from './rule-fields';
import { changeRuleSettings, getRuleAudit, getRuleSettings, type RuleScope } from './rules.api';
import './rules.css';
import { VehicleCategory } from './VehicleCategory';

const SCOPES: RuleScope[] = ['default', 'cargo', 'passengers', 'exempt'];

/** Short weekday name (0 = Sunday) in the user's language. */
const weekday = (locale: string, day: number) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 4 + day)),
  );

/** The driving rules' thresholds: everyone reads them, admins and managers change them per scope. */
export function RulesPage() {
  const t = useT();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { locale } = useI18n();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [scope, setScope] = useState<RuleScope>('default');
  const [version, setVersion] = useState(0);
  const loaded = useLoad(String(version), getRuleSettings);
  const audit = useLoad(`${scope}:${version}`, (signal) =>
    canEdit ? getRuleAudit(scope, signal) : Promise.resolve(null),
  );
  const view = loaded.data && (scope === 'default' ? loaded.data.defaults : loaded.data.categories[scope]);
  const own = (view?.settings ?? {}) as Record<string, unknown>;
  const effective = (view?.effective ?? {}) as Record<string, unknown>;
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (view) setDrafts(Object.fromEntries(Object.entries(view.settings).map(([k, v]) => [k, toDraft(v)])));
  }, [view]);

  const shown = (key: RuleKey, value: unknown) => {
    if (kindOf(key) === 'boolean') return t(value ? 'rules.yes' : 'rules.no');
    if (kindOf(key) === 'hours') {
      const windows = value as Array<{ days: number[]; from: string; to: string }> | null;
      if (!windows?.length) return t('rules.anyTime');
      return windows
        .map((w) => `${w.days.map((d) => weekday(locale, d)).join(', ')} ${w.from}–${w.to}`)
        .join('; ');
    }
    return String(value ?? '—');
  };

  const change = useMemo(() => {
    const result: Record<string, unknown> = {};
    for (const group of RULE_GROUPS)
      for (const key of group.keys) {
        if (kindOf(key) === 'hours') continue;
        const value = fromDraft(key, drafts[key] ?? '', own[key]);
        if (value !== undefined) result[key] = value;
      }
    return result;
  }, [drafts, own]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (Object.keys(change).length === 0) {
      notify(t('rules.noChanges'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await changeRuleSettings(scope, change);
      notify(t('rules.saved'), 'success');
      setVersion((v) => v + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  const field = (key: RuleKey) => {
    const label = t(`rules.key.${key}` as MessageKey);
    const hint =
      scope === 'default' ? undefined : t('rules.inherited', { value: shown(key, effective[key]) });
    const kind = kindOf(key);
    if (kind === 'hours')
      return (
        <div key={key} className="field">
          <span className="field__label">{label}</span>
          <p>{shown(key, effective[key])}</p>
          <p className="field__hint">{t('rules.allowedHoursNote')}</p>
        </div>
      );
    const common = {
      label,
      hint,
      disabled: !canEdit,
      value: drafts[key] ?? '',
    };
    if (kind === 'boolean')
      return (
        <SelectField
          key={key}
          {...common}
          options={[
            ...(scope === 'default' ? [] : [{ value: '', label: t('rules.inherit') }]),
            { value: 'true', label: t('rules.yes') },
            { value: 'false', label: t('rules.no') },
          ]}
          onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
        />
      );
    return (
      <TextField
        key={key}
        {...common}
        inputMode={kind === 'number' ? 'decimal' : undefined}
        placeholder={scope === 'default' ? undefined : shown(key, effective[key])}
        onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
      />
    );
  };

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
        <form className="rules-form" onSubmit={submit}>
          {RULE_GROUPS.map((group) => (
            <Card key={group.title} title={t(group.title)}>
              <div className="rules-form__grid">{group.keys.map(field)}</div>
            </Card>
          ))}
          {error && <Alert>{error}</Alert>}
          {canEdit && (
            <button type="submit" className="btn btn--primary" disabled={saving}>
              {saving ? t('common.saving') : t('common.save')}
            </button>
          )}
        </form>
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
