'use client';

import { useCallback } from 'react';
import { type Locale, useI18n } from '@/lib/i18n';

/**
 * The event types Pioneira derives itself (migration 030 seeds them with their pt-BR labels): named in
 * the user's language. An administrator's own label, or a type from MiX, is shown as stored.
 */
const BUILT_IN: Record<string, Record<Locale, string>> = {
  'rules.overspeed': { 'pt-BR': 'Excesso de velocidade (GPS)', en: 'Speeding (GPS)' },
  'rules.harsh-acceleration': { 'pt-BR': 'Aceleração brusca (GPS)', en: 'Harsh acceleration (GPS)' },
  'rules.harsh-braking': { 'pt-BR': 'Frenagem brusca (GPS)', en: 'Harsh braking (GPS)' },
  'rules.harsh-cornering': { 'pt-BR': 'Curva brusca (GPS)', en: 'Harsh cornering (GPS)' },
  'rules.idling': { 'pt-BR': 'Marcha lenta excessiva (GPS)', en: 'Excessive idling (GPS)' },
  'rules.after-hours': { 'pt-BR': 'Uso fora do horário (GPS)', en: 'Use outside permitted hours (GPS)' },
  'rules.continuous-driving': {
    'pt-BR': 'Direção sem pausa (CTB art. 230, XXIII)',
    en: 'Driving without a break (CTB art. 230, XXIII)',
  },
  'rules.daily-rest': {
    'pt-BR': 'Descanso diário insuficiente (CTB art. 230, XXIII)',
    en: 'Insufficient daily rest (CTB art. 230, XXIII)',
  },
  'rules.workday': {
    'pt-BR': 'Jornada excedida (CLT art. 235-C)',
    en: 'Working day exceeded (CLT art. 235-C)',
  },
  // Migration 060: geofence crossings and the device status.
  'geofence.enter': { 'pt-BR': 'Entrada em cerca', en: 'Geofence entry' },
  'geofence.exit': { 'pt-BR': 'Saída de cerca', en: 'Geofence exit' },
  'geofence.dwell': { 'pt-BR': 'Permanência excedida', en: 'Stayed too long in a geofence' },
  'geofence.outside-hours': { 'pt-BR': 'Cerca fora do horário', en: 'In a geofence outside its hours' },
  'device.offline': { 'pt-BR': 'Rastreador offline', en: 'Tracker offline' },
  'device.online': { 'pt-BR': 'Rastreador online', en: 'Tracker back online' },
};

/** The label of an event type for `locale`: a built-in one translated unless an admin renamed it. */
export function eventTypeLabel(locale: Locale, externalId: string, label: string | null | undefined): string {
  const builtIn = BUILT_IN[externalId];
  if (builtIn && (!label || Object.values(builtIn).includes(label))) return builtIn[locale];
  return label || externalId;
}

/** `eventTypeLabel` in the current language. */
export function useEventTypeLabel(): (externalId: string, label: string | null | undefined) => string {
  const { locale } = useI18n();
  return useCallback((externalId, label) => eventTypeLabel(locale, externalId, label), [locale]);
}
