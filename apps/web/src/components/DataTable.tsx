'use client';

import { useT } from '@/lib/i18n';
import { Spinner } from './Spinner';

export type SortDirection = 'asc' | 'desc';

export interface SortState<K extends string = string> {
  key: K;
  direction: SortDirection;
}

export interface Column<T, K extends string = string> {
  /** Also the sort key when `sortable`. */
  key: K;
  header: string;
  render: (row: T) => React.ReactNode;
  sortable?: boolean;
  align?: 'start' | 'end';
  /** Header shown to screen readers only (e.g. an actions column). */
  hideHeader?: boolean;
}

interface DataTableProps<T, K extends string> {
  caption: string;
  columns: readonly Column<T, K>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  sort?: SortState<K>;
  onSortChange?: (sort: SortState<K>) => void;
  loading?: boolean;
  /** Shown in place of the rows when there are none. */
  empty: React.ReactNode;
  /** Pagination or totals under the table. */
  footer?: React.ReactNode;
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/** A table with sortable headers (buttons, so keyboard usable), a loading state and an empty state. */
export function DataTable<T, K extends string = string>(props: DataTableProps<T, K>) {
  const { caption, columns, rows, rowKey, sort, onSortChange, loading = false, empty, footer } = props;
  const t = useT();

  const headerCell = (column: Column<T, K>) => {
    const content = column.hideHeader ? (
      <span className="visually-hidden">{column.header}</span>
    ) : (
      column.header
    );
    if (!column.sortable || !onSortChange) return content;
    const active = sort?.key === column.key;
    const next: SortDirection = active && sort?.direction === 'asc' ? 'desc' : 'asc';
    return (
      <button
        type="button"
        className="table__sort"
        onClick={() => onSortChange({ key: column.key, direction: next })}
        title={t(next === 'asc' ? 'table.sortAsc' : 'table.sortDesc', { column: column.header })}
      >
        {content}
        <span className={`table__sort-icon ${active ? 'is-active' : ''}`} aria-hidden="true">
          {active && sort?.direction === 'desc' ? '▼' : '▲'}
        </span>
      </button>
    );
  };

  return (
    <div className="table-wrap">
      <div className="table-scroll">
        <table className={`table ${loading ? 'is-loading' : ''}`} aria-busy={loading}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  className={column.align === 'end' ? 'align-end' : undefined}
                  aria-sort={
                    column.sortable && sort?.key === column.key ? ARIA_SORT[sort.direction] : undefined
                  }
                >
                  {headerCell(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => (
                  <td key={column.key} className={column.align === 'end' ? 'align-end' : undefined}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={columns.length} className="table__empty">
                  {loading ? <Spinner label={t('common.loading')} /> : empty}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {footer && <div className="table__footer">{footer}</div>}
    </div>
  );
}
