import type { SortState } from '@/components';

/**
 * A table's sort as the API's `sort` parameter (`-column` for descending) and back. `columns` maps
 * the table's column keys to the API's sort names; a value outside it falls back to `fallback`.
 */
export function sortFromParam<K extends string>(
  value: string | null,
  columns: Readonly<Record<K, string>>,
  fallback: string,
): { param: string; state: SortState<K> } {
  const names = Object.values(columns) as string[];
  const param = value && names.includes(value.replace(/^-/, '')) ? value : fallback;
  const name = param.replace(/^-/, '');
  const key = (Object.keys(columns) as K[]).find((k) => columns[k] === name) as K;
  return { param, state: { key, direction: param.startsWith('-') ? 'desc' : 'asc' } };
}

export function sortToParam<K extends string>(
  sort: SortState<string>,
  columns: Readonly<Record<K, string>>,
): string | undefined {
  const name = columns[sort.key as K];
  if (!name) return undefined;
  return sort.direction === 'desc' ? `-${name}` : name;
}
