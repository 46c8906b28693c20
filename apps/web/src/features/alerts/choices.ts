import { apiFetch } from '@/lib/api';
import { eventTypeLabel } from '@/lib/event-type-labels';
import type { Locale } from '@/lib/i18n';
import { getDriver, searchDrivers } from '../fleet/fleet.api';
import { listGeofences } from '../geofences/geofences.api';
import { getVehicle, listVehicles } from '../vehicles/vehicles.api';
import { searchRecipients } from './alerts.api';
import type { Choice } from './MultiPicker';

/** Event types an alert rule can ask for that are not in the catalogue: parcels' status changes. */
export const PARCEL_EVENT_TYPES = ['parcel.delayed', 'parcel.returned'] as const;
/** Names of chosen ids resolved one by one: at most this many (a rule with more shows the rest as ids). */
const RESOLVE_AT_MOST = 40;

const vehicleLabel = (v: { plate: string | null; description: string }) =>
  v.plate && v.plate !== v.description ? `${v.plate} — ${v.description}` : v.description;

const each = async (ids: string[], one: (id: string) => Promise<Choice>) =>
  (await Promise.allSettled(ids.slice(0, RESOLVE_AT_MOST).map(one)))
    .filter((r): r is PromiseFulfilledResult<Choice> => r.status === 'fulfilled')
    .map((r) => r.value);

export const vehicleChoices = {
  search: async (text: string, signal: AbortSignal) =>
    (await listVehicles({ search: text, pageSize: 20 }, signal)).items.map((v) => ({
      id: v.id,
      label: vehicleLabel(v),
    })),
  resolve: (ids: string[], signal: AbortSignal) =>
    each(ids, async (id) => {
      const v = await getVehicle(id, signal);
      return { id, label: vehicleLabel(v) };
    }),
};

export const driverChoices = {
  search: async (text: string, signal: AbortSignal) =>
    (await searchDrivers({ search: text, page: 1, pageSize: 20 }, signal)).items.map((d) => ({
      id: d.id,
      label: d.name,
    })),
  resolve: (ids: string[], signal: AbortSignal) =>
    each(ids, async (id) => ({ id, label: (await getDriver(id, signal)).name })),
};

export const geofenceChoices = {
  search: async (text: string, signal: AbortSignal) =>
    (await listGeofences({ page: 1, pageSize: 20, q: text }, signal)).items.map((g) => ({
      id: g.id,
      label: g.name,
    })),
  resolve: (ids: string[], signal: AbortSignal) =>
    each(ids, async (id) => {
      const g = await apiFetch<{ name: string }>(`/api/geofences/${encodeURIComponent(id)}`, { signal });
      return { id, label: g.name };
    }),
};

const recipientLabel = (u: { name: string; email: string }) => `${u.name} <${u.email}>`;

export const userChoices = {
  search: async (text: string, signal: AbortSignal) =>
    (await searchRecipients(text, signal)).items.map((u) => ({ id: u.id, label: recipientLabel(u) })),
  // The recipients list has no lookup by id: the active users by name, the chosen ones among them.
  resolve: async (ids: string[], signal: AbortSignal) =>
    (await searchRecipients('', signal, 200)).items
      .filter((u) => ids.includes(u.id))
      .map((u) => ({ id: u.id, label: recipientLabel(u) })),
};

interface CatalogueType {
  externalId: string;
  label: string | null;
  description: string;
}

/** The event catalogue and the parcels' status changes, named in `locale`, to search locally. */
export async function eventTypeCatalogue(
  locale: Locale,
  parcelLabels: Record<(typeof PARCEL_EVENT_TYPES)[number], string>,
  signal?: AbortSignal,
): Promise<Choice[]> {
  const { items } = await apiFetch<{ items: CatalogueType[] }>('/api/event-types', { signal });
  return [
    ...items.map((e) => ({
      id: e.externalId,
      label: eventTypeLabel(locale, e.externalId, e.label || e.description),
    })),
    ...PARCEL_EVENT_TYPES.map((id) => ({ id, label: parcelLabels[id] })),
  ].sort((a, b) => a.label.localeCompare(b.label, locale));
}

/** A local search: the choices whose label holds every word typed (accents ignored). */
export function filterChoices(choices: Choice[], text: string): Choice[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const wanted = fold(text).split(/\s+/).filter(Boolean);
  return choices.filter((c) => wanted.every((w) => fold(c.label).includes(w)));
}
