'use client';

import { useLoad } from '@/lib/hooks/useLoad';
import { getInfractions, type InfractionQuery, type InfractionsPage } from '../fleet/fleet.api';

const PAGE_SIZE = 500;
/** A form longer than this is not reviewed with a driver on paper; the page says how many are left out. */
export const FORM_MAX_ROWS = 2000;

/** Every infraction of the selection (up to FORM_MAX_ROWS), fetched page by page, with the summary. */
export function useFormData(id: string, query: Omit<InfractionQuery, 'page' | 'pageSize'>) {
  return useLoad<InfractionsPage>(JSON.stringify([id, query]), async (signal) => {
    const first = await getInfractions(id, { ...query, page: 1, pageSize: PAGE_SIZE }, signal);
    const items = [...first.items];
    const wanted = Math.min(first.total, FORM_MAX_ROWS);
    for (let page = 2; items.length < wanted; page++) {
      const next = await getInfractions(id, { ...query, page, pageSize: PAGE_SIZE }, signal);
      if (next.items.length === 0) break;
      items.push(...next.items);
    }
    return { ...first, items: items.slice(0, FORM_MAX_ROWS), page: 1, pageSize: items.length };
  });
}
