'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { dictionaries, interpolate, LOCALE_COOKIE, type Locale, toLocale } from './locales';
import type { MessageKey } from './pt-BR';

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  /** Remembers the choice (cookie for the server, localStorage as a backup) and re-renders. */
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);
const ONE_YEAR_S = 365 * 24 * 3600;

function remember(locale: Locale) {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from some browsers we support.
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`;
  try {
    localStorage.setItem(LOCALE_COOKIE, locale);
  } catch {
    // Storage can be disabled (private mode); the cookie alone is enough.
  }
}

export function I18nProvider({
  initialLocale,
  hasCookie,
  children,
}: {
  initialLocale: Locale;
  hasCookie: boolean;
  children: React.ReactNode;
}) {
  const [locale, setLocaleState] = useState(initialLocale);

  // The cookie can be gone (cleared, expired) while localStorage still holds the choice.
  useEffect(() => {
    if (hasCookie) return;
    const stored = toLocale(localStorage.getItem(LOCALE_COOKIE));
    if (stored) {
      remember(stored);
      setLocaleState(stored);
    }
  }, [hasCookie]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    remember(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const messages = dictionaries[locale];
    return { locale, setLocale, t: (key, vars) => interpolate(messages[key], vars) };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() must be used inside <I18nProvider>.');
  return value;
}

/** The translate function of the current locale: `t('nav.drivers')`, `t('pagination.range', { from, to, total })`. */
export function useT(): Translate {
  return useI18n().t;
}
