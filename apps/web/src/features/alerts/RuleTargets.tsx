'use client';

import { RULE_CATEGORIES } from '@pioneira/contracts/enums';
import { useState } from 'react';
import { TextField } from '@/components';
import { useLoad } from '@/lib/hooks/useLoad';
import { useI18n } from '@/lib/i18n';
import { SEVERITIES } from '@/lib/severity';
import { driverChoices, eventTypeCatalogue, filterChoices, geofenceChoices, vehicleChoices } from './choices';
import { CheckList, type Choice, MultiPicker } from './MultiPicker';
import type { RuleDraft } from './rule-draft';

/** What a rule asks for: event types, severities, geofences, vehicles and their groups, drivers and parcels (empty: any). */
export function RuleTargets({
  draft,
  set,
  parcelError,
}: {
  draft: RuleDraft;
  set: (change: Partial<RuleDraft>) => void;
  parcelError?: string;
}) {
  const { t, locale } = useI18n();
  const [parcelLabels] = useState(() => ({
    'parcel.delayed': t('alerts.type.parcelDelayed'),
    'parcel.returned': t('alerts.type.parcelReturned'),
  }));
  const catalogue = useLoad(locale, (signal) => eventTypeCatalogue(locale, parcelLabels, signal));
  const types = catalogue.data ?? [];
  const localSearch = async (text: string): Promise<Choice[]> => filterChoices(types, text);
  return (
    <div className="alert-rule-form__grid">
      <MultiPicker
        key={types.length}
        label={t('alerts.field.eventTypes')}
        selected={draft.eventTypes}
        onChange={(eventTypes) => set({ eventTypes })}
        search={localSearch}
        resolve={async (ids) => types.filter((c) => ids.includes(c.id))}
        emptyText={t('alerts.any.eventTypes')}
      />
      <CheckList
        label={t('alerts.field.severities')}
        choices={SEVERITIES.map((s) => ({ id: s, label: t(`severity.${s}`) }))}
        selected={draft.severities}
        onChange={(severities) => set({ severities })}
        hint={t('alerts.any.severities')}
      />
      <MultiPicker
        label={t('alerts.field.geofences')}
        selected={draft.geofenceIds}
        onChange={(geofenceIds) => set({ geofenceIds })}
        {...geofenceChoices}
        emptyText={t('alerts.any.geofences')}
      />
      <MultiPicker
        label={t('alerts.field.vehicles')}
        selected={draft.vehicleIds}
        onChange={(vehicleIds) => set({ vehicleIds })}
        {...vehicleChoices}
        emptyText={t('alerts.any.vehicles')}
      />
      <CheckList
        label={t('alerts.field.vehicleCategories')}
        choices={RULE_CATEGORIES.map((c) => ({ id: c, label: t(`vehicles.category.${c}`) }))}
        selected={draft.vehicleCategories}
        onChange={(vehicleCategories) => set({ vehicleCategories })}
        hint={t('alerts.any.vehicleCategories')}
      />
      <MultiPicker
        label={t('alerts.field.drivers')}
        selected={draft.driverIds}
        onChange={(driverIds) => set({ driverIds })}
        {...driverChoices}
        emptyText={t('alerts.any.drivers')}
      />
      <TextField
        label={t('alerts.field.parcelCodes')}
        hint={t('alerts.any.parcelCodes')}
        value={draft.parcelCodes}
        error={parcelError}
        onChange={(e) => set({ parcelCodes: e.target.value })}
      />
    </div>
  );
}
