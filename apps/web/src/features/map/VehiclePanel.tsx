'use client';

import Link from 'next/link';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { useRelativeTime } from '@/lib/time';
import type { LatestPosition } from './map.api';
import { TrackReplay, type TrackState } from './TrackReplay';
import { useDriverName } from './useDriverName';
import { vehicleName } from './VehicleList';

/** The selected vehicle: plate, driver, speed, time of the fix, "Seguir", and its track replay. */
export function VehiclePanel({
  position,
  now,
  following,
  onFollow,
  onClose,
  track,
  onTrack,
}: {
  position: LatestPosition;
  now: number;
  following: boolean;
  onFollow: (follow: boolean) => void;
  onClose: () => void;
  track: TrackState;
  onTrack: (track: TrackState) => void;
}) {
  const t = useT();
  const format = useFormat();
  const ago = useRelativeTime();
  const driver = useDriverName(position.deviceId, position.fixedAt);
  const precise = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'short',
    timeStyle: 'medium',
    timeZone: format.timeZone,
  });

  return (
    <aside className="vehicle-panel" aria-label={t('map.panel.title', { name: vehicleName(position) })}>
      <header className="vehicle-panel__header">
        <div>
          <h2>{vehicleName(position)}</h2>
          {position.plate && <p className="cell-muted">{position.deviceName}</p>}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <dl className="vehicle-facts">
        <div>
          <dt>{t('map.panel.driver')}</dt>
          <dd>
            {driver.data ? (
              <Link
                href={`/drivers/${driver.data.id}`}
                title={t('map.panel.openDriver', { name: driver.data.name })}
              >
                {driver.data.name}
              </Link>
            ) : driver.loading ? (
              '…'
            ) : (
              t('map.panel.noDriver')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('map.panel.speed')}</dt>
          <dd>{t('map.kmh', { value: format.number(Math.round(position.speedKmh ?? 0)) })}</dd>
        </div>
        <div>
          <dt>{t('map.panel.fix')}</dt>
          <dd>{precise.format(new Date(position.fixedAt))}</dd>
        </div>
        <div>
          <dt>{t('map.panel.age')}</dt>
          <dd>{ago(position.fixedAt, now)}</dd>
        </div>
        <div className="vehicle-facts__wide">
          <dt>{t('map.panel.position')}</dt>
          <dd className="vehicle-facts__coords">
            {position.latitude.toFixed(5)}, {position.longitude.toFixed(5)}
          </dd>
        </div>
      </dl>
      <button
        type="button"
        className={`btn ${following ? 'btn--primary' : 'btn--ghost'} btn--block`}
        aria-pressed={following}
        onClick={() => onFollow(!following)}
      >
        {t(following ? 'map.panel.following' : 'map.panel.follow')}
      </button>
      <TrackReplay key={position.deviceId} position={position} state={track} onChange={onTrack} />
    </aside>
  );
}
