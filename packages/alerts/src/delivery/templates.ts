import type { AlertEvent } from '../events';

export type Locale = 'pt-BR' | 'en';

/** What a notification says, in the reader's language and time zone. */
export interface AlertText {
  title: string;
  body: string;
}

const WORDS = {
  'pt-BR': {
    alert: 'Alerta',
    rule: 'Regra',
    vehicle: 'Veículo',
    driver: 'Motorista',
    parcel: 'Encomenda',
    at: 'em',
    held: (n: number) =>
      `${n} ${n === 1 ? 'outro evento retido' : 'outros eventos retidos'} pela janela anti-tempestade.`,
    types: { 'parcel.returned': 'Encomenda devolvida', 'parcel.delayed': 'Encomenda atrasada' } as Record<
      string,
      string
    >,
    footer: 'Você recebe este e-mail porque está na regra de alerta acima. Pioneira.',
  },
  en: {
    alert: 'Alert',
    rule: 'Rule',
    vehicle: 'Vehicle',
    driver: 'Driver',
    parcel: 'Parcel',
    at: 'at',
    held: (n: number) =>
      `${n} more ${n === 1 ? 'event was' : 'events were'} held back by the anti-storm window.`,
    types: { 'parcel.returned': 'Parcel returned', 'parcel.delayed': 'Parcel late' } as Record<
      string,
      string
    >,
    footer: 'You receive this e-mail because you are on the alert rule above. Pioneira.',
  },
} as const;

/** The title and text of one alert for a reader of `locale` in `timeZone`. */
export function alertText(
  input: { ruleName: string; event: AlertEvent; suppressed: number },
  locale: Locale,
  timeZone: string,
): AlertText {
  const w = WORDS[locale];
  const e = input.event;
  const what = (e.type && w.types[e.type]) ?? e.label ?? e.type ?? w.alert;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone }).format(
    new Date(e.occurredAt),
  );
  const subject = e.vehicle ?? e.driver ?? e.trackingCode ?? '';
  const lines = [
    `${w.rule}: ${input.ruleName}`,
    `${what} ${w.at} ${when}`,
    e.vehicle ? `${w.vehicle}: ${e.vehicle}` : undefined,
    e.driver ? `${w.driver}: ${e.driver}` : undefined,
    e.trackingCode ? `${w.parcel}: ${e.trackingCode}` : undefined,
    typeof e.event.details === 'string' ? e.event.details : undefined,
    input.suppressed > 0 ? w.held(input.suppressed) : undefined,
  ].filter((l): l is string => Boolean(l));
  return {
    title: subject ? `${w.alert}: ${what} — ${subject}` : `${w.alert}: ${what}`,
    body: lines.join('\n'),
  };
}

/** The e-mail text: the alert and a footer saying why it came. */
export const emailText = (text: AlertText, locale: Locale) => `${text.body}\n\n--\n${WORDS[locale].footer}\n`;
