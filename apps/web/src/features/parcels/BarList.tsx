'use client';

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** The number as shown (formatted, or with a unit); `value` by default. */
  display?: string;
  /** Fill class; the primary colour by default. */
  className?: string;
}

/** Horizontal bars, one row per item, read by a screen reader as a list of "label: value". */
export function BarList({ title, bars, max }: { title: string; bars: readonly Bar[]; max?: number }) {
  const top = max ?? Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <ul className="bar-list">
        {bars.map((bar) => {
          const shown = bar.display ?? String(bar.value);
          return (
            <li key={bar.key} className="bar-list__row bar-list__row--wide">
              <span className="bar-list__label" title={bar.label}>
                {bar.label}
              </span>
              <svg
                className="bar-list__bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                role="img"
                aria-label={`${bar.label}: ${shown}`}
              >
                <rect x="0" y="0" width="100" height="10" rx="2" className="bar-list__track" />
                <rect
                  x="0"
                  y="0"
                  width={Math.min(100, (bar.value / top) * 100)}
                  height="10"
                  rx="2"
                  className={bar.className ?? 'chart-fill--primary'}
                />
              </svg>
              <span className="bar-list__count">{shown}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
