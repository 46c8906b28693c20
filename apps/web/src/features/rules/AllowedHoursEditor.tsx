'use client';

import { useI18n, useT } from '@/lib/i18n';

export interface AllowedWindow {
  days: number[];
  from: string;
  to: string;
}

/** What the editor holds: inherit the scope below (null), any time ([]), or these windows. */
export type HoursDraft = AllowedWindow[] | null;

const DAYS = [1, 2, 3, 4, 5, 6, 0];
const MAX_WINDOWS = 21;

const weekday = (locale: string, day: number) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2026, 0, 4 + day)),
  );

/** Whether every window has a day and a from/to of HH:MM (what the API accepts). */
export const hoursValid = (draft: HoursDraft) =>
  draft === null ||
  draft.every((w) => w.days.length > 0 && /^\d{2}:\d{2}$/.test(w.from) && /^\d{2}:\d{2}$/.test(w.to));

/**
 * The allowed hours of a scope as a list of weekly windows (days and a from–to in the company's time
 * zone; a window whose end is before its start crosses midnight). Using a vehicle outside every
 * window is an "after hours" event.
 */
export function AllowedHoursEditor({
  value,
  onChange,
  canInherit,
  disabled,
  legend,
  note,
}: {
  value: HoursDraft;
  onChange: (next: HoursDraft) => void;
  canInherit: boolean;
  disabled: boolean;
  /** The driving rules' "allowed hours" unless told otherwise (an alert rule's calendar). */
  legend?: string;
  /** What being outside the windows means where the editor is used (default: the rules' note). */
  note?: string;
}) {
  const t = useT();
  const { locale } = useI18n();
  const mode = value === null ? 'inherit' : value.length === 0 ? 'any' : 'windows';
  const set = (index: number, change: Partial<AllowedWindow>) =>
    onChange((value ?? []).map((w, i) => (i === index ? { ...w, ...change } : w)));

  return (
    <fieldset className="hours-editor" disabled={disabled}>
      <legend className="field__label">{legend ?? t('rules.key.allowedHours')}</legend>
      <div className="hours-editor__modes">
        {canInherit && (
          <label>
            <input type="radio" checked={mode === 'inherit'} onChange={() => onChange(null)} />{' '}
            {t('rules.inherit')}
          </label>
        )}
        <label>
          <input type="radio" checked={mode === 'any'} onChange={() => onChange([])} /> {t('rules.anyTime')}
        </label>
        <label>
          <input
            type="radio"
            checked={mode === 'windows'}
            onChange={() => onChange([{ days: [1, 2, 3, 4, 5], from: '06:00', to: '20:00' }])}
          />{' '}
          {t('rules.hours.only')}
        </label>
      </div>
      {mode === 'windows' &&
        (value ?? []).map((w, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: windows have no identity but their place.
          <div key={index} className="hours-editor__window">
            <fieldset className="hours-editor__days">
              <legend className="visually-hidden">{t('rules.hours.days')}</legend>
              {DAYS.map((day) => (
                <label key={day} className="hours-editor__day">
                  <input
                    type="checkbox"
                    checked={w.days.includes(day)}
                    onChange={(e) =>
                      set(index, {
                        days: e.target.checked
                          ? [...w.days, day].sort((a, b) => a - b)
                          : w.days.filter((d) => d !== day),
                      })
                    }
                  />
                  {weekday(locale, day)}
                </label>
              ))}
            </fieldset>
            <label className="hours-editor__time">
              {t('rules.hours.from')}
              <input
                type="time"
                value={w.from}
                required
                onChange={(e) => set(index, { from: e.target.value })}
              />
            </label>
            <label className="hours-editor__time">
              {t('rules.hours.to')}
              <input type="time" value={w.to} required onChange={(e) => set(index, { to: e.target.value })} />
            </label>
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => onChange((value ?? []).filter((_, i) => i !== index))}
            >
              {t('rules.hours.remove')}
            </button>
          </div>
        ))}
      {mode === 'windows' && (value ?? []).length < MAX_WINDOWS && (
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => onChange([...(value ?? []), { days: [6], from: '08:00', to: '12:00' }])}
        >
          {t('rules.hours.add')}
        </button>
      )}
      <p className="field__hint">{note ?? t('rules.allowedHoursNote')}</p>
    </fieldset>
  );
}
