'use client';

import { useT } from '@/lib/i18n';

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (pageSize: number) => void;
  pageSizes?: readonly number[];
}

/** "21–40 of 135", previous/next and an optional page-size choice. Pages are 1-based. */
export function Pagination({
  page,
  pageSize,
  total,
  onPageChange,
  onPageSizeChange,
  pageSizes = [10, 20, 50, 100],
}: PaginationProps) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="pagination__range">{t('pagination.range', { from, to, total })}</span>
      {onPageSizeChange && (
        <label className="pagination__size">
          {t('pagination.pageSize')}
          <select value={pageSize} onChange={(event) => onPageSizeChange(Number(event.target.value))}>
            {pageSizes.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="pagination__pages">
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => onPageChange(page - 1)}
          disabled={page <= 1}
        >
          ‹ {t('pagination.previous')}
        </button>
        <span aria-current="page">{t('pagination.page', { page, pages })}</span>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => onPageChange(page + 1)}
          disabled={page >= pages}
        >
          {t('pagination.next')} ›
        </button>
      </div>
    </nav>
  );
}
