'use client';

import { isApiError } from './api';
import { type MessageKey, useT } from './i18n';
import { ptBR } from './i18n/pt-BR';

/** The first field a validation error names ("querystring.search" → "search"). */
function invalidField(details: unknown): string | undefined {
  const first = Array.isArray(details) ? (details[0] as { field?: unknown } | undefined) : undefined;
  return typeof first?.field === 'string'
    ? first.field.split('.').slice(1).join('.') || first.field
    : undefined;
}

/**
 * Turns any thrown error into a sentence for the user in the user's language: our translation of its code
 * (every API error code has one), never the API's English message.
 */
export function useErrorMessage(): (error: unknown) => string {
  const t = useT();
  return (error) => {
    if (!isApiError(error)) return t('errors.generic');
    const key = `errors.${error.code}`;
    if (!(key in ptBR)) return t('errors.generic');
    if (error.code === 'validation_failed')
      return t('errors.validation_failed', { field: invalidField(error.details) ?? '—' });
    return t(key as MessageKey);
  };
}
