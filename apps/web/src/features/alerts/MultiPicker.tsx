'use client';

import { useEffect, useId, useState } from 'react';
import { useDebounced } from '@/features/drivers/useDriverSearch';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';

export interface Choice {
  id: string;
  label: string;
}

const SHOWN = 8;

const named = (known: Record<string, string>, choices: Choice[]) => ({
  ...known,
  ...Object.fromEntries(choices.map((c) => [c.id, c.label])),
});

/**
 * Several things picked by searching (vehicles, drivers, users, event types): the chosen ones as
 * removable chips, a search box and its first results to add. Nothing chosen means `emptyText`.
 */
export function MultiPicker({
  label,
  selected,
  onChange,
  search,
  resolve,
  emptyText,
  disabled,
}: {
  label: string;
  selected: string[];
  onChange: (ids: string[]) => void;
  search: (text: string, signal: AbortSignal) => Promise<Choice[]>;
  /** Names of chosen ids no search has shown yet (a rule opened for editing). */
  resolve?: (ids: string[], signal: AbortSignal) => Promise<Choice[]>;
  emptyText: string;
  disabled?: boolean;
}) {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), 250);
  const [names, setNames] = useState<Record<string, string>>({});
  const results = useLoad(`${label}|${query}`, (signal) =>
    query ? search(query, signal) : Promise.resolve([]),
  );
  useEffect(() => {
    if (results.data) setNames((known) => named(known, results.data ?? []));
  }, [results.data]);

  const unknown = selected.filter((s) => !(s in names)).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `unknown` stands for the ids to name.
  useEffect(() => {
    if (!resolve || !unknown) return;
    const controller = new AbortController();
    resolve(unknown.split(','), controller.signal).then(
      (choices) => setNames((known) => named(known, choices)),
      () => undefined,
    );
    return () => controller.abort();
  }, [unknown]);

  const offered = (results.data ?? []).filter((c) => !selected.includes(c.id)).slice(0, SHOWN);
  return (
    <fieldset className="picker" disabled={disabled}>
      <legend className="field__label">{label}</legend>
      {selected.length === 0 ? (
        <p className="field__hint">{emptyText}</p>
      ) : (
        <ul className="picker__chips" aria-label={label}>
          {selected.map((s) => (
            <li key={s} className="picker__chip">
              <span>{names[s] ?? s}</span>
              <button
                type="button"
                className="picker__remove"
                aria-label={t('alerts.picker.remove', { name: names[s] ?? s })}
                onClick={() => onChange(selected.filter((x) => x !== s))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="visually-hidden" htmlFor={`${id}-search`}>
        {t('alerts.picker.search', { what: label })}
      </label>
      <input
        id={`${id}-search`}
        type="search"
        className="picker__search"
        autoComplete="off"
        placeholder={t('alerts.picker.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {query && offered.length > 0 && (
        <ul className="picker__results" aria-label={t('alerts.picker.results', { what: label })}>
          {offered.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="picker__add"
                onClick={() => {
                  onChange([...selected, c.id]);
                  setText('');
                }}
              >
                + {c.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {query && !results.loading && offered.length === 0 && (
        <p className="field__hint">{t('alerts.picker.none')}</p>
      )}
    </fieldset>
  );
}

/** Checkboxes for a short list (severities, geofences, webhook endpoints); none checked means any. */
export function CheckList({
  label,
  choices,
  selected,
  onChange,
  hint,
}: {
  label: string;
  choices: Choice[];
  selected: string[];
  onChange: (ids: string[]) => void;
  hint?: string;
}) {
  return (
    <fieldset className="checklist">
      <legend className="field__label">{label}</legend>
      <div className="checklist__items">
        {choices.map((c) => (
          <label key={c.id} className="checklist__item">
            <input
              type="checkbox"
              checked={selected.includes(c.id)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, c.id] : selected.filter((x) => x !== c.id))
              }
            />
            {c.label}
          </label>
        ))}
      </div>
      {hint && <p className="field__hint">{hint}</p>}
    </fieldset>
  );
}
