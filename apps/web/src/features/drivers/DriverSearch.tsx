'use client';

import { useEffect, useId, useState } from 'react';
import { Spinner } from '@/components';
import { useT } from '@/lib/i18n';
import type { Driver } from '../fleet/fleet.api';

interface DriverSearchProps {
  value: string;
  onValueChange: (value: string) => void;
  drivers: readonly Driver[];
  loading: boolean;
  onPick: (driver: Driver) => void;
  /** Under the box (e.g. a count, an empty state, pagination). */
  children?: React.ReactNode;
  autoFocus?: boolean;
}

/**
 * A search box that owns a list of drivers (ARIA combobox + listbox): ↑/↓ move through the results
 * while the focus stays in the box, Enter opens the highlighted driver, Escape clears the highlight.
 */
export function DriverSearch({
  value,
  onValueChange,
  drivers,
  loading,
  onPick,
  children,
  autoFocus,
}: DriverSearchProps) {
  const t = useT();
  const id = useId();
  const listId = `${id}-list`;
  const [active, setActive] = useState(-1);
  const optionId = (index: number) => `${id}-option-${index}`;
  const [shownFor, setShownFor] = useState(drivers);
  // New results: the old highlight points at another driver, so start again from the top.
  if (shownFor !== drivers) {
    setShownFor(drivers);
    setActive(-1);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: `id` is stable; only the highlight moves.
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const last = drivers.length - 1;
    if (event.key === 'ArrowDown' && last >= 0) setActive((i) => Math.min(i + 1, last));
    else if (event.key === 'ArrowUp' && last >= 0) setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Home' && active >= 0) setActive(0);
    else if (event.key === 'End' && active >= 0) setActive(last);
    else if (event.key === 'Escape') setActive(-1);
    else if (event.key === 'Enter') {
      const chosen = drivers[active] ?? (drivers.length === 1 ? drivers[0] : undefined);
      if (chosen) onPick(chosen);
    } else return;
    event.preventDefault();
  };

  return (
    <div className="driver-search">
      <div className="driver-search__box">
        <label htmlFor={`${id}-input`}>{t('drivers.searchLabel')}</label>
        <div className="driver-search__input">
          <input
            id={`${id}-input`}
            type="search"
            role="combobox"
            aria-expanded={drivers.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? optionId(active) : undefined}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            spellCheck={false}
            // biome-ignore lint/a11y/noAutofocus: the search is the whole point of the page it opens.
            autoFocus={autoFocus}
            placeholder={t('drivers.searchPlaceholder')}
            value={value}
            onChange={(event) => onValueChange(event.target.value)}
            onKeyDown={onKeyDown}
          />
          {loading && <Spinner label={t('common.loading')} />}
        </div>
        <p id={`${id}-hint`} className="field__hint">
          {t('drivers.searchHint')}
        </p>
      </div>
      <div
        id={listId}
        role="listbox"
        aria-label={t('drivers.results')}
        className="driver-list"
        aria-busy={loading}
      >
        {drivers.map((driver, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard drives the list from the search box (combobox pattern).
          <div
            key={driver.id}
            id={optionId(index)}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            className="driver-list__item"
            onClick={() => onPick(driver)}
            onMouseEnter={() => setActive(index)}
          >
            <span className="driver-list__avatar" aria-hidden="true">
              {initials(driver.name)}
            </span>
            <span className="driver-list__name">
              {driver.name}
              {driver.isSystemDriver && (
                <span className="badge badge--info">{t('drivers.systemDriver')}</span>
              )}
            </span>
            <span className="driver-list__facts">
              <span>
                {t('drivers.employeeNumber')} <strong>{driver.employeeNumber ?? '—'}</strong>
              </span>
              <span>
                {t('drivers.mixId')} <code>{driver.externalId}</code>
              </span>
            </span>
          </div>
        ))}
      </div>
      {children}
    </div>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/);
  return `${words[0]?.[0] ?? ''}${words.length > 1 ? (words.at(-1)?.[0] ?? '') : ''}`.toUpperCase();
}
