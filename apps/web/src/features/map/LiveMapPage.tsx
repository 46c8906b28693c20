'use client';

import { useCallback, useState } from 'react';
import { Alert, Badge, PageHeader } from '@/components';
import { useErrorMessage } from '@/lib/errors';
import { useFormat } from '@/lib/format';
import { useT } from '@/lib/i18n';
import { useClock } from '@/lib/time';
import type { BaseMap } from './base-map';
import { LiveMap } from './LiveMap';
import { SPEED_BANDS } from './speed';
import { NO_TRACK, type TrackState } from './TrackReplay';
import { useFleet } from './useFleet';
import { VehicleList } from './VehicleList';
import { VehiclePanel } from './VehiclePanel';
import './map.css';

/** "Mapa ao vivo": the fleet on the map, live; a vehicle's details, follow mode and track replay. */
export function LiveMapPage({ baseMap }: { baseMap: BaseMap }) {
  const t = useT();
  const format = useFormat();
  const errorMessage = useErrorMessage();
  const fleet = useFleet();
  const now = useClock(5_000);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [following, setFollowing] = useState(false);
  const [track, setTrack] = useState<TrackState>(NO_TRACK);
  const selected = selectedId ? fleet.positions.get(selectedId) : undefined;

  const select = useCallback(
    (deviceId: string | null) => {
      if (deviceId !== selectedId) setTrack(NO_TRACK);
      setSelectedId(deviceId);
      if (!deviceId) setFollowing(false);
    },
    [selectedId],
  );

  return (
    <div className="map-page">
      <PageHeader
        title={t('map.title')}
        subtitle={t('map.subtitle', { count: format.number(fleet.positions.size) })}
        actions={
          <Badge tone={fleet.live ? 'good' : 'neutral'}>
            <span className={`live-dot ${fleet.live ? 'is-live' : ''}`} aria-hidden="true" />
            {t(fleet.live ? 'map.live' : 'map.offline')}
          </Badge>
        }
      />
      {fleet.error !== null && <Alert>{errorMessage(fleet.error)}</Alert>}
      <div className="map-layout">
        <VehicleList
          positions={fleet.positions}
          version={fleet.version}
          selectedId={selectedId}
          onSelect={(id) => select(id)}
        />
        <div className="map-stage">
          <LiveMap
            baseMap={baseMap}
            positions={fleet.positions}
            version={fleet.version}
            selectedId={selectedId}
            following={following}
            track={track.points}
            replayPoint={track.points?.[track.index] ?? null}
            label={t('map.region')}
            outlineNotice={t('map.outline')}
            onSelect={select}
          />
          <ul className="map-legend" aria-label={t('map.legend')}>
            {SPEED_BANDS.map((band) => (
              <li key={band.key}>
                <span className={`speed-dot speed-dot--${band.key}`} aria-hidden="true" />
                {t(`map.speed.${band.key}`)}
              </li>
            ))}
          </ul>
          {fleet.loaded && fleet.positions.size === 0 && (
            <p className="map-empty" role="status">
              {t('map.empty')}
            </p>
          )}
          {selected && (
            <VehiclePanel
              position={selected}
              now={now}
              following={following}
              onFollow={setFollowing}
              onClose={() => select(null)}
              track={track}
              onTrack={setTrack}
            />
          )}
        </div>
      </div>
    </div>
  );
}
