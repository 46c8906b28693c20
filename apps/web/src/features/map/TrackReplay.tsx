'use client';

import { useEffect, useState } from 'react';
import { Alert } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { getTrack, type LatestPosition, type TrackPoint } from './map.api';

export interface TrackState {
  points: TrackPoint[] | null;
  simplified: boolean;
  /** The replay marker's point. */
  index: number;
}

export const NO_TRACK: TrackState = { points: null, simplified: false, index: 0 };

const HOUR = 3_600_000;
const PERIODS = [1, 6, 24, 72] as const;
// Replays in about 20 s whatever the track's length.
const REPLAY_STEPS_PER_SECOND = 20;
const REPLAY_SECONDS = 20;

/** Pick a period, load the vehicle's track (drawn coloured by speed), then scrub or play it. */
export function TrackReplay({
  position,
  state,
  onChange,
}: {
  position: LatestPosition;
  state: TrackState;
  onChange: (state: TrackState) => void;
}) {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const [hours, setHours] = useState<number>(6);
  const [loading, setLoading] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const points = state.points;
  const last = points ? points.length - 1 : 0;

  const load = async () => {
    setLoading(true);
    setError(null);
    setPlaying(false);
    try {
      const to = new Date(Math.max(Date.now(), Date.parse(position.fixedAt) + 1000));
      const from = new Date(to.getTime() - hours * HOUR);
      const track = await getTrack(position, { from: from.toISOString(), to: to.toISOString() });
      onChange({ points: track.points, simplified: track.simplified, index: 0 });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (!playing || !points) return;
    const step = Math.max(1, Math.ceil(points.length / (REPLAY_SECONDS * REPLAY_STEPS_PER_SECOND)));
    const timer = setInterval(() => {
      const next = Math.min(last, state.index + step);
      onChange({ ...state, index: next });
      if (next >= last) setPlaying(false);
    }, 1000 / REPLAY_STEPS_PER_SECOND);
    return () => clearInterval(timer);
  }, [playing, points, last, state, onChange]);

  const current = points?.[state.index];
  return (
    <section className="track-replay" aria-label={t('map.track.title')}>
      <h3>{t('map.track.title')}</h3>
      <div className="track-replay__load">
        <label>
          <span className="visually-hidden">{t('map.track.period')}</span>
          <select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {PERIODS.map((h) => (
              <option key={h} value={h}>
                {t('map.track.lastHours', { hours: h })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn--ghost btn--small" onClick={load} disabled={loading}>
          {t(loading ? 'common.loading' : 'map.track.load')}
        </button>
        {points && (
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={() => {
              setPlaying(false);
              onChange({ points: null, simplified: false, index: 0 });
            }}
          >
            {t('map.track.clear')}
          </button>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {points && points.length === 0 && <p className="cell-muted">{t('map.track.empty')}</p>}
      {points && points.length > 0 && current && (
        <div className="track-replay__player">
          <div className="track-replay__controls">
            <button
              type="button"
              className="btn btn--primary btn--small"
              onClick={() => {
                if (!playing && state.index >= last) onChange({ ...state, index: 0 });
                setPlaying(!playing);
              }}
            >
              {t(playing ? 'map.track.pause' : 'map.track.play')}
            </button>
            <input
              type="range"
              min={0}
              max={last}
              value={state.index}
              aria-label={t('map.track.slider')}
              aria-valuetext={format.dateTime(current.t)}
              onChange={(event) => {
                setPlaying(false);
                onChange({ ...state, index: Number(event.target.value) });
              }}
            />
          </div>
          <p className="track-replay__now">
            <span>{format.dateTime(current.t)}</span>
            <strong>{t('map.kmh', { value: format.number(Math.round(current.speedKmh ?? 0)) })}</strong>
          </p>
          <p className="cell-muted track-replay__meta">
            {t(state.simplified ? 'map.track.pointsSimplified' : 'map.track.points', {
              count: format.number(points.length),
            })}
          </p>
        </div>
      )}
    </section>
  );
}
