'use client';

import { useI18n, useT } from '@/lib/i18n';
import { addDays } from '@/lib/period';
import { SEVERITIES, type Severity } from '@/lib/severity';
import type { InfractionsPage } from '../fleet/fleet.api';

const MAX_DAYS = 186;
const WIDTH = 640;
const HEIGHT = 150;
const AXIS = 22;
const ORDER: readonly (Severity | null)[] = [...SEVERITIES, null];

/** One stacked column per local day of the period, coloured by severity. */
export function DayColumns({
  title,
  from,
  to,
  byDay,
}: {
  title: string;
  from: string;
  to: string;
  byDay: InfractionsPage['summary']['byDay'];
}) {
  const t = useT();
  const { locale } = useI18n();
  const days: string[] = [];
  for (let day = from; day <= to && days.length < MAX_DAYS; day = addDays(day, 1)) days.push(day);
  if (days.length < 2 || days.length >= MAX_DAYS) return null;

  const counts = new Map<string, Map<Severity | null, number>>();
  for (const { day, severity, count } of byDay) {
    const perDay = counts.get(day) ?? new Map();
    perDay.set(severity, (perDay.get(severity) ?? 0) + count);
    counts.set(day, perDay);
  }
  const totalOf = (day: string) => [...(counts.get(day)?.values() ?? [])].reduce((a, b) => a + b, 0);
  const max = Math.max(1, ...days.map(totalOf));
  const slot = WIDTH / days.length;
  const barWidth = Math.max(1, slot * 0.72);
  const plot = HEIGHT - AXIS;
  const label = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  const dayLabel = (day: string) => label.format(new Date(`${day}T12:00:00Z`));
  const ticks = [0, Math.floor((days.length - 1) / 2), days.length - 1];
  const summary = days
    .filter((day) => totalOf(day) > 0)
    .map((day) => t('chart.dayTitle', { day: dayLabel(day), count: totalOf(day) }))
    .join('; ');

  return (
    <figure className="chart chart--wide">
      <figcaption className="chart__title">{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="day-columns"
        role="img"
        aria-label={`${title}. ${summary}`}
      >
        <title>{`${title}. ${summary}`}</title>
        <line x1="0" x2={WIDTH} y1={plot + 0.5} y2={plot + 0.5} className="day-columns__axis" />
        <text x="2" y="10" className="day-columns__max">
          {max}
        </text>
        {days.map((day, index) => {
          let top = plot;
          const x = index * slot + (slot - barWidth) / 2;
          return (
            <g key={day}>
              <title>{t('chart.dayTitle', { day: dayLabel(day), count: totalOf(day) })}</title>
              <rect x={index * slot} y="0" width={slot} height={plot} className="day-columns__hit" />
              {ORDER.map((severity) => {
                const count = counts.get(day)?.get(severity) ?? 0;
                if (!count) return null;
                const height = (count / max) * (plot - 14);
                top -= height;
                return (
                  <rect
                    key={severity ?? 'none'}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={height}
                    className={`severity-fill severity-fill--${severity ?? 'none'}`}
                  />
                );
              })}
            </g>
          );
        })}
        {ticks.map((index) => (
          <text
            key={index}
            x={index === 0 ? 0 : index === days.length - 1 ? WIDTH : index * slot + slot / 2}
            y={HEIGHT - 6}
            textAnchor={index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle'}
            className="day-columns__tick"
          >
            {dayLabel(days[index])}
          </text>
        ))}
      </svg>
    </figure>
  );
}
