'use client';

import { useT } from '@/lib/i18n';
import { PERIOD_PRESETS, type Period, type PeriodPreset, resolvePeriod } from '@/lib/period';
import { SelectField, TextField } from './Field';

/** A preset choice (hoje, 7 dias … personalizado); the custom one shows two date fields. */
export function PeriodPicker({
  period,
  timeZone,
  onChange,
}: {
  period: Period;
  timeZone: string;
  onChange: (period: Period) => void;
}) {
  const t = useT();
  const choose = (preset: PeriodPreset) =>
    onChange(preset === 'custom' ? { ...period, preset } : resolvePeriod(preset, timeZone));
  const setDate = (bound: 'from' | 'to', value: string) => {
    if (value) onChange(resolvePeriod('custom', timeZone, { ...period, [bound]: value }));
  };
  return (
    <fieldset className="period-picker">
      <legend className="visually-hidden">{t('period.label')}</legend>
      <SelectField
        label={t('period.label')}
        value={period.preset}
        onChange={(event) => choose(event.target.value as PeriodPreset)}
        options={PERIOD_PRESETS.map((preset) => ({ value: preset, label: t(`period.${preset}`) }))}
      />
      {period.preset === 'custom' && (
        <>
          <TextField
            label={t('period.from')}
            type="date"
            value={period.from}
            max={period.to}
            onChange={(event) => setDate('from', event.target.value)}
          />
          <TextField
            label={t('period.to')}
            type="date"
            value={period.to}
            min={period.from}
            onChange={(event) => setDate('to', event.target.value)}
          />
        </>
      )}
    </fieldset>
  );
}
