import type { MessageKey, Translate } from '@/lib/i18n';
import type { Infraction } from './fleet.api';

/** "12 s", "3 min 05 s", "1 h 02 min": short enough for a table cell, in any language. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** "92 / 80 km/h", "92 km/h" when the limit is unknown, "—" when neither is known. */
export function formatSpeed(infraction: Pick<Infraction, 'speedKmh' | 'speedLimitKmh'>): string {
  const { speedKmh: speed, speedLimitKmh: limit } = infraction;
  if (speed === null && limit === null) return '—';
  const round = (n: number | null) => (n === null ? '—' : String(Math.round(n)));
  return limit === null ? `${round(speed)} km/h` : `${round(speed)} / ${round(limit)} km/h`;
}

/** "-23.5500, -46.6300" (about 10 m) or "—". */
export function formatPlace(infraction: Pick<Infraction, 'latitude' | 'longitude'>): string {
  const { latitude: lat, longitude: lon } = infraction;
  return lat === null || lon === null ? '—' : `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
}

/** A map centred on the point (OpenStreetMap: no key, opens anywhere). */
export function mapUrl(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}

/** The vehicle as a plate, else its description. */
export const vehicleName = (infraction: Pick<Infraction, 'vehicle'>) =>
  infraction.vehicle?.plate || infraction.vehicle?.description || '—';

const SOURCES = ['mix', 'rules', 'device', 'rule', 'geofence'];

/** Where the event came from: MiX, the platform's rules (GPS), the tracker itself. */
export const sourceLabel = (source: string, t: Translate) =>
  SOURCES.includes(source) ? t(`source.${source}` as MessageKey) : source;

/**
 * The measure of a derived event: its text ("dirigiu 6 h 12 min sem pausa; limite 5 h 30 min"), or
 * its value against the limit when it is not a speed (the speed column shows those); null otherwise.
 */
export function measureOf(
  infraction: Pick<Infraction, 'details' | 'value' | 'valueUnits' | 'limit'>,
  t: Translate,
): string | null {
  if (infraction.details) return infraction.details;
  const { value, valueUnits: units, limit } = infraction;
  if (value === null || limit === null || units === null || units === 'km/h' || units === 's') return null;
  return t('infractions.measure', { value: String(value), units, limit: String(limit) });
}
