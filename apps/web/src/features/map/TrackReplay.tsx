'use client';

import { localInstant, offsetMinutes } from '@pioneira/core/time';
import { useEffect, useState } from 'react';
import { Alert } from '@/components';
import { downloadFile } from '@/lib/download';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useI18n, useT } from '@/lib/i18n';
import { getTrack, type LatestPosition, type TrackPoint, trackExportPath } from './map.api';

export interface TrackState {
  points: TrackPoint[] | null;
  simplified: boolean;
  /** The replay marker's point. */
  index: number;
}

export const NO_TRACK: TrackState = { points: null, simplified: false, index: 0 };

const HOUR = 3_600_000;
const PERIODS = [1, 6, 24, 72] as const;
// At 1× a replay lasts about 20 s whatever the track's length; the speeds shorten or stretch it.
const REPLAY_STEPS_PER_SECOND = 20;
const REPLAY_SECONDS = 20;
const SPEEDS = [0.5, 1, 2, 4, 8] as const;
const FORMATS = ['gpx', 'kml', 'csv'] as const;

/** The instant of a `datetime-local` value read as wall time in `timeZone`. */
function zonedInstant(local: string, timeZone: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) ? localInstant(local, timeZone) : null;
}

/** A `datetime-local` value for an instant, in `timeZone`. */
function zonedLocal(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000).toISOString().slice(0, 16);
}

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
  const { locale } = useI18n();
  const [hours, setHours] = useState<number | 'custom'>(6);
  const [custom, setCustom] = useState(() => {
    const now = new Date();
    return {
      from: zonedLocal(new Date(now.getTime() - 24 * HOUR), format.timeZone),
      to: zonedLocal(now, format.timeZone),
    };
  });
  const [speed, setSpeed] = useState<number>(1);
  const [exporting, setExporting] = useState(false);
  const [loading, setLoading] = useState(false);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const points = state.points;
  const last = points ? points.length - 1 : 0;

  /** The chosen period as instants, or null when the custom one is incomplete or reversed. */
  const range = () => {
    if (hours === 'custom') {
      const from = zonedInstant(custom.from, format.timeZone);
      const to = zonedInstant(custom.to, format.timeZone);
      return from && to && from < to ? { from: from.toISOString(), to: to.toISOString() } : null;
    }
    const to = new Date(Math.max(Date.now(), Date.parse(position.fixedAt) + 1000));
    return { from: new Date(to.getTime() - hours * HOUR).toISOString(), to: to.toISOString() };
  };

  const exportAs = async (kind: (typeof FORMATS)[number]) => {
    const chosen = range();
    if (!chosen) return setError(t('map.track.badRange'));
    setExporting(true);
    setError(null);
    try {
      await downloadFile(
        trackExportPath(position),
        { ...chosen, format: kind, lang: locale, tz: format.timeZone },
        `trajeto.${kind}`,
      );
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setExporting(false);
    }
  };

  const load = async () => {
    const chosen = range();
    if (!chosen) return setError(t('map.track.badRange'));
    setLoading(true);
    setError(null);
    setPlaying(false);
    try {
      const track = await getTrack(position, chosen);
      onChange({ points: track.points, simplified: track.simplified, index: 0 });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    if (!playing || !points) return;
    const step = Math.max(1, Math.ceil((points.length * speed) / (REPLAY_SECONDS * REPLAY_STEPS_PER_SECOND)));
    const timer = setInterval(() => {
      const next = Math.min(last, state.index + step);
      onChange({ ...state, index: next });
      if (next >= last) setPlaying(false);
    }, 1000 / REPLAY_STEPS_PER_SECOND);
    return () => clearInterval(timer);
  }, [playing, points, last, state, onChange, speed]);

  const current = points?.[state.index];
  return (
    <section className="track-replay" aria-label={t('map.track.title')}>
      <h3>{t('map.track.title')}</h3>
      <div className="track-replay__load">
        <label>
          <span className="visually-hidden">{t('map.track.period')}</span>
          <select
            value={hours}
            onChange={(event) =>
              setHours(event.target.value === 'custom' ? 'custom' : Number(event.target.value))
            }
          >
            {PERIODS.map((h) => (
              <option key={h} value={h}>
                {t('map.track.lastHours', { hours: h })}
              </option>
            ))}
            <option value="custom">{t('map.track.custom')}</option>
          </select>
        </label>
        {hours === 'custom' && (
          <span className="track-replay__custom">
            <label>
              <span className="visually-hidden">{t('map.track.from')}</span>
              <input
                type="datetime-local"
                value={custom.from}
                aria-label={t('map.track.from')}
                onChange={(event) => setCustom({ ...custom, from: event.target.value })}
              />
            </label>
            <label>
              <span className="visually-hidden">{t('map.track.to')}</span>
              <input
                type="datetime-local"
                value={custom.to}
                aria-label={t('map.track.to')}
                onChange={(event) => setCustom({ ...custom, to: event.target.value })}
              />
            </label>
          </span>
        )}
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
            <label>
              <span className="visually-hidden">{t('map.track.speed')}</span>
              <select
                value={speed}
                aria-label={t('map.track.speed')}
                onChange={(event) => setSpeed(Number(event.target.value))}
              >
                {SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {format.number(s)}×
                  </option>
                ))}
              </select>
            </label>
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
          <p className="track-replay__export">
            <span className="cell-muted">{t('map.track.export')}</span>
            {FORMATS.map((kind) => (
              <button
                key={kind}
                type="button"
                className="btn btn--ghost btn--small"
                disabled={exporting}
                onClick={() => exportAs(kind)}
              >
                {kind.toUpperCase()}
              </button>
            ))}
          </p>
        </div>
      )}
    </section>
  );
}
