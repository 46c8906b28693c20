'use client';

import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, SelectField, TextField, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { type MessageKey, useI18n, useT } from '@/lib/i18n';
import { AllowedHoursEditor, type AllowedWindow, type HoursDraft, hoursValid } from './AllowedHoursEditor';
import { fromDraft, kindOf, RULE_GROUPS, type RuleKey, toDraft } from './rule-fields';

/** Short weekday name (0 = Sunday) in the user's language. */
const weekday = (locale: string, day: number) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 4 + day)),
  );

export interface RuleScopeView {
  settings: Record<string, unknown>;
  effective: Record<string, unknown>;
}

/**
 * The thresholds of one scope (the defaults, a vehicle category or a single vehicle): each field
 * shows what the scope sets and, below, what it would inherit; only what changed is sent.
 */
export function RuleForm({
  view,
  inherits,
  canEdit,
  onSave,
  idPrefix,
}: {
  view: RuleScopeView;
  /** False for the defaults: there is nothing below them to inherit. */
  inherits: boolean;
  canEdit: boolean;
  onSave: (change: Record<string, unknown>) => Promise<void>;
  idPrefix: string;
}) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { locale } = useI18n();
  const own = view.settings;
  const effective = view.effective;
  const ownHours = (own.allowedHours ?? null) as HoursDraft;
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [hours, setHours] = useState<HoursDraft>(ownHours);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDrafts(Object.fromEntries(Object.entries(view.settings).map(([k, v]) => [k, toDraft(v)])));
    setHours((view.settings.allowedHours ?? null) as HoursDraft);
  }, [view]);

  const shown = (key: RuleKey, value: unknown) => {
    if (kindOf(key) === 'boolean') return t(value ? 'rules.yes' : 'rules.no');
    if (kindOf(key) === 'hours') {
      const windows = value as AllowedWindow[] | null;
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
    // The defaults have nothing to inherit: "any time" is stored as null there.
    const nextHours = !inherits && hours !== null && hours.length === 0 ? null : hours;
    if (JSON.stringify(nextHours) !== JSON.stringify(ownHours)) result.allowedHours = nextHours;
    return result;
  }, [drafts, own, hours, ownHours, inherits]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (Object.keys(change).length === 0) {
      notify(t('rules.noChanges'));
      return;
    }
    if (!hoursValid(hours)) {
      setError(t('rules.hours.invalid'));
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onSave(change);
      notify(t('rules.saved'), 'success');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  const field = (key: RuleKey) => {
    const label = t(`rules.key.${key}` as MessageKey);
    const hint = inherits ? t('rules.inherited', { value: shown(key, effective[key]) }) : undefined;
    const kind = kindOf(key);
    if (kind === 'hours')
      return (
        <div key={key} className="rules-form__wide">
          <AllowedHoursEditor
            value={!inherits && hours === null ? [] : hours}
            onChange={setHours}
            canInherit={inherits}
            disabled={!canEdit}
          />
          {inherits && <p className="field__hint">{hint}</p>}
        </div>
      );
    const common = { label, hint, disabled: !canEdit, value: drafts[key] ?? '', name: `${idPrefix}-${key}` };
    if (kind === 'boolean')
      return (
        <SelectField
          key={key}
          {...common}
          options={[
            ...(inherits ? [{ value: '', label: t('rules.inherit') }] : []),
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
        placeholder={inherits ? shown(key, effective[key]) : undefined}
        onChange={(e) => setDrafts((d) => ({ ...d, [key]: e.target.value }))}
      />
    );
  };

  return (
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
  );
}
