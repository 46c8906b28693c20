import { en } from './en';
import { type Messages, ptBR } from './pt-BR';

export type Locale = 'pt-BR' | 'en';

export const LOCALES: readonly Locale[] = ['pt-BR', 'en'];
export const DEFAULT_LOCALE: Locale = 'pt-BR';
/** Cookie (read by the server to render the right language) mirrored in localStorage. */
export const LOCALE_COOKIE = 'pioneira_locale';

export const LOCALE_NAMES: Record<Locale, string> = { 'pt-BR': 'Português (Brasil)', en: 'English' };

export const dictionaries: Record<Locale, Messages> = { 'pt-BR': ptBR, en };

export function toLocale(value: string | null | undefined): Locale | undefined {
  return LOCALES.find((locale) => locale.toLowerCase() === value?.toLowerCase());
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
