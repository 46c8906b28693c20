'use client';

import { useState } from 'react';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import type { LatestPosition } from './map.api';
import { speedBand } from './speed';

// A list of 10,000 rows helps nobody: show the first matches and invite a narrower search.
const SHOWN = 100;

export const vehicleName = (p: LatestPosition) => p.plate ?? p.deviceName;

/** Search by plate or device name; a click selects the vehicle on the map. */
export function VehicleList({
  positions,
  version,
  selectedId,
  onSelect,
}: {
  positions: ReadonlyMap<string, LatestPosition>;
  version: number;
  selectedId: string | null;
  onSelect: (deviceId: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  const [query, setQuery] = useState('');
  const folded = query.trim().toLowerCase();
  const all = [...positions.values()];
  const matches = all
    .filter((p) => !folded || `${p.plate ?? ''} ${p.deviceName}`.toLowerCase().includes(folded))
    .sort((a, b) => vehicleName(a).localeCompare(vehicleName(b)));

  return (
    <section className="vehicle-list" aria-label={t('map.list.title')} data-version={version}>
      <label className="vehicle-list__search">
        <span className="visually-hidden">{t('map.list.search')}</span>
        <input
          type="search"
          placeholder={t('map.list.search')}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </label>
      <p className="vehicle-list__count">
        {t('map.list.count', {
          shown: format.number(Math.min(SHOWN, matches.length)),
          total: format.number(all.length),
        })}
      </p>
      <ul>
        {matches.slice(0, SHOWN).map((p) => (
          <li key={p.deviceId}>
            <button
              type="button"
              className={`vehicle-item ${p.deviceId === selectedId ? 'is-selected' : ''}`}
              aria-pressed={p.deviceId === selectedId}
              onClick={() => onSelect(p.deviceId)}
            >
              <span className={`speed-dot speed-dot--${speedBand(p.speedKmh)}`} aria-hidden="true" />
              <span className="vehicle-item__name">{vehicleName(p)}</span>
              <span className="vehicle-item__speed">
                {t('map.kmh', { value: format.number(Math.round(p.speedKmh ?? 0)) })}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {all.length === 0 && <p className="cell-muted vehicle-list__empty">{t('map.list.empty')}</p>}
    </section>
  );
}
