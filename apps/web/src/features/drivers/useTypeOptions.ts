'use client';

import { useEffect, useState } from 'react';
import { useEventTypeLabel } from '@/lib/event-type-labels';
import { listInfractionTypes, type TypeCount } from '../fleet/fleet.api';

/**
 * The type filter's choices: the catalogue's infraction types when the API has the catalogue, else
 * every type seen in this page's answers (so choosing one type does not hide the others).
 */
export function useTypeOptions(seen: readonly TypeCount[] | undefined): TypeCount[] {
  const [catalogue, setCatalogue] = useState<TypeCount[]>([]);
  const [known, setKnown] = useState<Map<string, TypeCount>>(new Map());

  useEffect(() => {
    const controller = new AbortController();
    listInfractionTypes(controller.signal)
      .then(setCatalogue)
      .catch(() => {
        // Without the catalogue the filter still offers the types seen in the answers.
      });
    return () => controller.abort();
  }, []);

  useEffect(() => {
    if (!seen?.some((type) => !known.has(type.externalId))) return;
    setKnown((previous) => new Map([...previous, ...seen.map((type) => [type.externalId, type] as const)]));
  }, [seen, known]);

  const typeLabel = useEventTypeLabel();
  const merged = new Map(known);
  for (const type of catalogue) merged.set(type.externalId, type);
  return [...merged.values()]
    .map((type) => ({ ...type, label: typeLabel(type.externalId, type.label) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
