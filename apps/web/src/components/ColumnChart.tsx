'use client';
import '@/styles/charts.css';

/** One value of a column: a stacked segment (or a side-by-side bar when the chart is grouped). */
export interface ColumnSegment {
  value: number;
  /** Fill class, e.g. `chart-fill--primary`. */
  className: string;
}

export interface Column {
  key: string;
  /** Axis label (first, middle and last are printed). */
  label: string;
  /** What a screen reader and the hover tooltip say about this column. */
  title: string;
  segments: readonly ColumnSegment[];
}

const WIDTH = 640;
const HEIGHT = 150;
const AXIS = 22;
const EDGE = 40;

/**
 * Columns over time (days, runs), hand-made SVG like the drivers' chart: stacked segments by default,
 * side by side when `grouped`. The whole series is summarised in the image's accessible name.
 */
export function ColumnChart({
  title,
  columns,
  grouped = false,
  legend,
}: {
  title: string;
  columns: readonly Column[];
  grouped?: boolean;
  legend?: readonly { label: string; className: string }[];
}) {
  if (columns.length === 0) return null;
  const heightOf = (column: Column) =>
    grouped
      ? Math.max(0, ...column.segments.map((s) => s.value))
      : column.segments.reduce((sum, s) => sum + s.value, 0);
  const max = Math.max(1, ...columns.map(heightOf));
  const slot = WIDTH / Math.max(columns.length, 8);
  const barWidth = Math.max(1, slot * 0.72);
  const plot = HEIGHT - AXIS;
  const scale = (value: number) => (value / max) * (plot - 14);
  const last = columns.length - 1;
  const ticks = [...new Set([0, Math.floor(last / 2), last])];
  const summary = `${title}. ${columns.map((column) => column.title).join('; ')}`;

  return (
    <figure className="chart chart--wide">
      <figcaption className="chart__title">{title}</figcaption>
      {legend && (
        <ul className="chart-legend">
          {legend.map((item) => (
            <li key={item.label}>
              <svg viewBox="0 0 10 10" aria-hidden="true">
                <rect width="10" height="10" rx="2" className={item.className} />
              </svg>
              {item.label}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="day-columns" role="img" aria-label={summary}>
        <title>{summary}</title>
        <line x1="0" x2={WIDTH} y1={plot + 0.5} y2={plot + 0.5} className="day-columns__axis" />
        <text x="2" y="10" className="day-columns__max">
          {max}
        </text>
        {columns.map((column, index) => {
          const x = index * slot + (slot - barWidth) / 2;
          let top = plot;
          const width = grouped ? barWidth / column.segments.length : barWidth;
          return (
            <g key={column.key}>
              <title>{column.title}</title>
              <rect x={index * slot} y="0" width={slot} height={plot} className="day-columns__hit" />
              {column.segments.map((segment, i) => {
                const height = scale(segment.value);
                if (height <= 0) return null;
                if (!grouped) top -= height;
                return (
                  <rect
                    // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional.
                    key={i}
                    x={grouped ? x + i * width : x}
                    y={grouped ? plot - height : top}
                    width={width}
                    height={height}
                    className={segment.className}
                  />
                );
              })}
            </g>
          );
        })}
        {ticks.map((index) => {
          // Centred under its column, but never cut at the edges of the chart.
          const centre = index * slot + slot / 2;
          const anchor = centre < EDGE ? 'start' : centre > WIDTH - EDGE ? 'end' : 'middle';
          const x = anchor === 'start' ? 0 : anchor === 'end' ? WIDTH : centre;
          return (
            <text key={index} x={x} y={HEIGHT - 6} textAnchor={anchor} className="day-columns__tick">
              {columns[index].label}
            </text>
          );
        })}
      </svg>
    </figure>
  );
}
