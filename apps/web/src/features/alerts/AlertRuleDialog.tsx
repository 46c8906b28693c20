'use client';

import { useState } from 'react';
import { Alert, Dialog, TextField } from '@/components';
import { useAuth } from '@/lib/auth';
import { type MessageKey, useT } from '@/lib/i18n';
import { AllowedHoursEditor } from '../rules/AllowedHoursEditor';
import '../rules/rules.css';
import { type AlertRule, createAlertRule, updateAlertRule, type WebhookEndpoint } from './alerts.api';
import { userChoices } from './choices';
import { CheckList, MultiPicker } from './MultiPicker';
import { RuleTargets } from './RuleTargets';
import { type DraftErrors, fromDraft, newDraft, type RuleDraft, toDraft } from './rule-draft';
import { useRuleErrorMessage } from './rule-errors';

/** Creates a rule (`rule` null) or edits one: what, when, to whom and the anti-storm window. */
export function AlertRuleDialog({
  open,
  rule,
  endpoints,
  onClose,
  onSaved,
}: {
  open: boolean;
  rule: AlertRule | null;
  endpoints: WebhookEndpoint[];
  onClose: () => void;
  onSaved: (rule: AlertRule) => void;
}) {
  const t = useT();
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={rule ? t('alerts.rule.editTitle', { name: rule.name }) : t('alerts.rule.newTitle')}
      size="large"
    >
      <RuleForm rule={rule} endpoints={endpoints} onCancel={onClose} onSaved={onSaved} />
    </Dialog>
  );
}

function RuleForm({
  rule,
  endpoints,
  onCancel,
  onSaved,
}: {
  rule: AlertRule | null;
  endpoints: WebhookEndpoint[];
  onCancel: () => void;
  onSaved: (rule: AlertRule) => void;
}) {
  const t = useT();
  const { user } = useAuth();
  const ruleError = useRuleErrorMessage();
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? toDraft(rule) : newDraft(user?.id ?? '')));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const fieldError = (field: keyof DraftErrors) => {
    const e = errors[field];
    return e ? t(e.key as MessageKey, e.vars) : undefined;
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const checked = fromDraft(draft);
    if ('errors' in checked) {
      setErrors(checked.errors);
      setProblem(t('alerts.error.fix'));
      return;
    }
    setErrors({});
    setProblem(null);
    setSaving(true);
    try {
      onSaved(rule ? await updateAlertRule(rule.id, checked.rule) : await createAlertRule(checked.rule));
    } catch (caught) {
      setProblem(ruleError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="alert-rule-form" onSubmit={submit} noValidate>
      <div className="alert-rule-form__row">
        <TextField
          label={t('alerts.field.name')}
          value={draft.name}
          maxLength={120}
          required
          error={fieldError('name')}
          onChange={(e) => set({ name: e.target.value })}
        />
        <label className="alert-rule-form__check">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          {t('alerts.field.enabled')}
        </label>
      </div>
      <section className="alert-rule-form__section">
        <h3>{t('alerts.rule.what')}</h3>
        <p className="field__hint">{t('alerts.rule.whatHint')}</p>
        <RuleTargets draft={draft} set={set} parcelError={fieldError('parcelCodes')} />
      </section>
      <section className="alert-rule-form__section">
        <h3>{t('alerts.rule.when')}</h3>
        <AllowedHoursEditor
          value={draft.calendar}
          onChange={(next) => set({ calendar: next ?? [] })}
          canInherit={false}
          disabled={false}
          legend={t('alerts.field.calendar')}
          note={t('alerts.rule.calendarNote')}
        />
        {errors.calendar && <p className="field__error">{fieldError('calendar')}</p>}
      </section>
      <section className="alert-rule-form__section">
        <h3>{t('alerts.rule.whom')}</h3>
        <MultiPicker
          label={t('alerts.field.users')}
          selected={draft.userIds}
          onChange={(userIds) => set({ userIds })}
          search={userChoices.search}
          resolve={userChoices.resolve}
          emptyText={t('alerts.rule.noUsers')}
        />
        <div className="alert-rule-form__checks">
          <label className="alert-rule-form__check">
            <input type="checkbox" checked={draft.inApp} onChange={(e) => set({ inApp: e.target.checked })} />
            {t('alerts.field.inApp')}
          </label>
          <label className="alert-rule-form__check">
            <input
              type="checkbox"
              checked={draft.emailUsers}
              onChange={(e) => set({ emailUsers: e.target.checked })}
            />
            {t('alerts.field.emailUsers')}
          </label>
        </div>
        <TextField
          label={t('alerts.field.emails')}
          hint={t('alerts.rule.emailsHint')}
          value={draft.emails}
          error={fieldError('emails')}
          onChange={(e) => set({ emails: e.target.value })}
        />
        {endpoints.length > 0 ? (
          <CheckList
            label={t('alerts.field.webhooks')}
            choices={endpoints.map((e) => ({
              id: e.id,
              label: e.enabled ? e.name : `${e.name} (${t('alerts.webhooks.disabled')})`,
            }))}
            selected={draft.webhookIds}
            onChange={(webhookIds) => set({ webhookIds })}
          />
        ) : (
          <p className="field__hint">{t('alerts.rule.noWebhooks')}</p>
        )}
        {errors.recipients && <p className="field__error">{fieldError('recipients')}</p>}
      </section>
      <section className="alert-rule-form__section">
        <h3>{t('alerts.rule.storm')}</h3>
        <div className="alert-rule-form__row">
          <TextField
            label={t('alerts.field.throttle')}
            hint={t('alerts.rule.throttleHint')}
            type="number"
            inputMode="numeric"
            min={0}
            max={10080}
            value={draft.throttleMinutes}
            error={fieldError('throttleMinutes')}
            onChange={(e) => set({ throttleMinutes: e.target.value })}
          />
          <label className="alert-rule-form__check">
            <input
              type="checkbox"
              checked={draft.digest}
              onChange={(e) => set({ digest: e.target.checked })}
            />
            {t('alerts.field.digest')}
          </label>
        </div>
      </section>
      {problem && <Alert>{problem}</Alert>}
      <div className="dialog__actions">
        <button type="button" className="btn btn--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={saving}>
          {saving ? t('common.saving') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
