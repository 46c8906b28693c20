'use client';

import { RULE_CATEGORIES, type RuleCategory } from '@pioneira/contracts/enums';
import { useState } from 'react';
import { Alert, Card, SelectField, TextField, useToast } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useLoad } from '@/lib/hooks/useLoad';
import { type MessageKey, useT } from '@/lib/i18n';
import { RuleForm, type RuleScopeView } from './RuleForm';
import { getVehicleRules, searchVehicles, setVehicleCategory, setVehicleSettings } from './rules.api';

/**
 * A vehicle's category (cargo, passengers, exempt), which decides whether Lei 13.103 applies, and its
 * own thresholds over the category's (a lower speed limit for one truck, its own allowed hours).
 */
export function VehicleCategory({ canEdit }: { canEdit: boolean }) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const [search, setSearch] = useState('');
  const [vehicleId, setVehicleId] = useState('');
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const vehicles = useLoad(search, (signal) => searchVehicles(search, signal));
  const rules = useLoad(`${vehicleId}:${version}`, (signal) =>
    vehicleId ? getVehicleRules(vehicleId, signal) : Promise.resolve(null),
  );

  const change = async (category: RuleCategory) => {
    setError(null);
    try {
      await setVehicleCategory(vehicleId, category);
      notify(t('rules.saved'));
      setVersion((v) => v + 1);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const options = (vehicles.data?.items ?? []).map((v) => ({
    value: v.id,
    label: [v.plate, v.description].filter(Boolean).join(' · '),
  }));
  return (
    <Card title={t('rules.vehicle.title')}>
      <div className="rules-form__grid">
        <TextField
          label={t('rules.vehicle.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <SelectField
          label={t('rules.vehicle.pick')}
          value={vehicleId}
          options={[{ value: '', label: '—' }, ...options]}
          onChange={(e) => setVehicleId(e.target.value)}
        />
        {rules.data && (
          <SelectField
            label={t('rules.vehicle.category')}
            hint={t('rules.vehicle.hint')}
            value={rules.data.category}
            disabled={!canEdit}
            options={RULE_CATEGORIES.map((c) => ({ value: c, label: t(`rules.scope.${c}` as MessageKey) }))}
            onChange={(e) => void change(e.target.value as RuleCategory)}
          />
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {rules.data && (
        <>
          <h3 className="rules-vehicle__title">{t('rules.vehicle.own')}</h3>
          <RuleForm
            key={`${vehicleId}:${version}`}
            idPrefix={`vehicle-${vehicleId}`}
            view={rules.data as RuleScopeView}
            inherits
            canEdit={canEdit}
            onSave={async (settings) => {
              await setVehicleSettings(vehicleId, settings);
              setVersion((v) => v + 1);
            }}
          />
        </>
      )}
    </Card>
  );
}
