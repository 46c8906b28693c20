/** Speed bands shared by the vehicle dots, the track line and the legend (km/h, lower bound included). */
export const SPEED_BANDS = [
  { from: 0, color: '#6b7a73', key: 'stopped' },
  { from: 3, color: '#0e8a62', key: 'moving' },
  { from: 60, color: '#d98a00', key: 'fast' },
  { from: 90, color: '#c62828', key: 'speeding' },
] as const;

export type SpeedBand = (typeof SPEED_BANDS)[number]['key'];

/** A fix older than this is shown faded: the device stopped reporting. */
export const STALE_AFTER_MS = 10 * 60_000;

export function speedBand(speedKmh: number | null): SpeedBand {
  let band: SpeedBand = 'stopped';
  for (const b of SPEED_BANDS) if ((speedKmh ?? 0) >= b.from) band = b.key;
  return band;
}

/** A MapLibre `step` expression colouring by the `speed` property with the bands above. */
export function speedColorExpression(): unknown[] {
  const [first, ...rest] = SPEED_BANDS;
  return ['step', ['coalesce', ['get', 'speed'], 0], first.color, ...rest.flatMap((b) => [b.from, b.color])];
}
