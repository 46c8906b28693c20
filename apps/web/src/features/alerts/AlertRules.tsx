'use client';

import { useState } from 'react';
import { Alert, Card, ConfirmDialog, DataTable, type SortState, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useLoad } from '@/lib/hooks/useLoad';
import { useI18n } from '@/lib/i18n';
import { AlertRuleDialog } from './AlertRuleDialog';
import {
  type AlertRule,
  deleteAlertRule,
  listAlertRules,
  updateAlertRule,
  type WebhookEndpoint,
} from './alerts.api';
import { type RuleAction, type RuleSort, ruleColumns, sortRules } from './rule-columns';

type Open = { kind: 'none' } | { kind: 'new' } | { kind: 'edit' | 'delete'; rule: AlertRule };

/** The alert rules: a sortable table, a form to create or edit one, and deleting with a confirmation. */
export function AlertRules({
  endpoints,
  onChanged,
}: {
  endpoints: WebhookEndpoint[];
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [version, setVersion] = useState(0);
  const rules = useLoad(String(version), listAlertRules);
  const [sort, setSort] = useState<SortState<RuleSort>>({ key: 'name', direction: 'asc' });
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const close = () => setOpen({ kind: 'none' });
  const reload = () => {
    setVersion((v) => v + 1);
    onChanged();
  };

  const onAction = async (action: RuleAction, rule: AlertRule) => {
    if (action !== 'toggle') return setOpen({ kind: action, rule });
    try {
      await updateAlertRule(rule.id, { enabled: !rule.enabled });
      notify(t(rule.enabled ? 'alerts.rule.disabledToast' : 'alerts.rule.enabledToast', { name: rule.name }));
      reload();
    } catch (caught) {
      notify(errorMessage(caught), 'error');
    }
  };
  const chosen = open.kind === 'edit' || open.kind === 'delete' ? open.rule : null;

  return (
    <Card
      title={t('alerts.rules.title')}
      actions={
        <button type="button" className="btn btn--primary" onClick={() => setOpen({ kind: 'new' })}>
          {t('alerts.rule.new')}
        </button>
      }
    >
      {rules.error !== null && <Alert>{errorMessage(rules.error)}</Alert>}
      <DataTable
        caption={t('alerts.rules.title')}
        columns={ruleColumns({ t, format, onAction: (a, r) => void onAction(a, r) })}
        rows={sortRules(rules.data ?? [], sort, locale)}
        rowKey={(r) => r.id}
        sort={sort}
        onSortChange={(next) => {
          if (next.key === 'name' || next.key === 'enabled' || next.key === 'updatedAt')
            setSort({ key: next.key, direction: next.direction });
        }}
        loading={rules.loading && !rules.data}
        empty={t('alerts.rules.empty')}
      />
      <AlertRuleDialog
        open={open.kind === 'new' || open.kind === 'edit'}
        rule={open.kind === 'edit' ? open.rule : null}
        endpoints={endpoints}
        onClose={close}
        onSaved={(saved) => {
          close();
          notify(t('alerts.rule.saved', { name: saved.name }));
          reload();
        }}
      />
      <ConfirmDialog
        open={open.kind === 'delete'}
        title={chosen ? t('alerts.rule.deleteTitle', { name: chosen.name }) : ''}
        confirmLabel={t('alerts.rule.delete')}
        onClose={close}
        onConfirm={async () => {
          if (!chosen) return;
          await deleteAlertRule(chosen.id);
          notify(t('alerts.rule.deleted', { name: chosen.name }));
          reload();
        }}
      >
        {t('alerts.rule.deleteText')}
      </ConfirmDialog>
    </Card>
  );
}
