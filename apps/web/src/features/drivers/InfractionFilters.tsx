'use client';

import { SelectField } from '@/components';
import { PeriodPicker } from '@/components/PeriodPicker';
import { useT } from '@/lib/i18n';
import { SEVERITIES } from '@/lib/severity';
import type { TypeCount } from '../fleet/fleet.api';
import type { InfractionSelection } from './infractions-query';

/** Period, type and severity (toggle buttons: several severities may be chosen at once). */
export function InfractionFilters({
  selection,
  types,
  timeZone,
  onChange,
}: {
  selection: InfractionSelection;
  types: readonly TypeCount[];
  timeZone: string;
  onChange: (changes: Partial<InfractionSelection>) => void;
}) {
  const t = useT();
  const toggle = (severity: (typeof SEVERITIES)[number]) =>
    onChange({
      severity: selection.severity.includes(severity)
        ? selection.severity.filter((s) => s !== severity)
        : SEVERITIES.filter((s) => s === severity || selection.severity.includes(s)),
    });
  const filtered = selection.types.length > 0 || selection.severity.length > 0;
  return (
    <search className="toolbar infraction-filters">
      <PeriodPicker
        period={selection.period}
        timeZone={timeZone}
        onChange={(period) => onChange({ period })}
      />
      <SelectField
        label={t('infractions.filterType')}
        value={selection.types[0] ?? ''}
        onChange={(event) => onChange({ types: event.target.value ? [event.target.value] : [] })}
        options={[
          { value: '', label: t('infractions.allTypes') },
          ...types.map((type) => ({ value: type.externalId, label: type.label })),
        ]}
      />
      <fieldset className="severity-toggles">
        <legend>{t('infractions.filterSeverity')}</legend>
        <div>
          {SEVERITIES.map((severity) => (
            <button
              key={severity}
              type="button"
              className={`chip severity-chip severity-chip--${severity}`}
              aria-pressed={selection.severity.includes(severity)}
              onClick={() => toggle(severity)}
            >
              {t(`severity.${severity}`)}
            </button>
          ))}
        </div>
      </fieldset>
      {filtered && (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => onChange({ types: [], severity: [] })}
        >
          {t('infractions.clearFilters')}
        </button>
      )}
    </search>
  );
}
