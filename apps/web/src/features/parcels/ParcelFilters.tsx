'use client';

import { useEffect, useState } from 'react';
import { SelectField, TextField } from '@/components';
import { useT } from '@/lib/i18n';
import { PARCEL_STATUSES, type ParcelStatus, UFS } from './parcels.api';
import type { ParcelSelection } from './parcels-query';

const SEARCH_DELAY_MS = 300;

/** Status, state, "late only" and a tracking-code search (applied as the user types). */
export function ParcelFilters({
  selection,
  onChange,
}: {
  selection: ParcelSelection;
  onChange: (changes: Partial<ParcelSelection>) => void;
}) {
  const t = useT();
  const [search, setSearch] = useState(selection.search);
  useEffect(() => setSearch(selection.search), [selection.search]);
  useEffect(() => {
    if (search === selection.search) return;
    const timer = setTimeout(() => onChange({ search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, selection.search, onChange]);

  return (
    <div className="parcel-filters">
      <TextField
        label={t('parcels.filter.search')}
        type="search"
        placeholder={t('parcels.filter.searchPlaceholder')}
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField
        label={t('parcels.filter.status')}
        value={selection.status}
        onChange={(event) => onChange({ status: event.target.value as ParcelStatus | '' })}
        options={[
          { value: '', label: t('common.all') },
          ...PARCEL_STATUSES.map((status) => ({ value: status, label: t(`parcels.status.${status}`) })),
        ]}
      />
      <SelectField
        label={t('parcels.filter.uf')}
        value={selection.uf}
        onChange={(event) => onChange({ uf: event.target.value })}
        options={[{ value: '', label: t('common.all') }, ...UFS.map((uf) => ({ value: uf, label: uf }))]}
      />
      <label className="parcel-filters__check">
        <input
          type="checkbox"
          checked={selection.late}
          onChange={(event) => onChange({ late: event.target.checked })}
        />
        {t('parcels.filter.lateOnly')}
      </label>
    </div>
  );
}
