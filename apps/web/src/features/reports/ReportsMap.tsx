'use client';

import { useMemo } from 'react';
import { useT } from '@/lib/i18n';
import type { BaseMap } from '../map/base-map';
import { LiveMap } from '../map/LiveMap';
import type { LatestPosition, TrackPoint } from '../map/map.api';
import type { Stop } from './reports.api';

/**
 * The live map's component, fed with the report: stops as its points (a selected stop is centred,
 * as the live map follows a vehicle) and the selected trip's track.
 */
export function ReportsMap({
  baseMap,
  stops,
  selectedStopId,
  track,
  label,
  onSelectStop,
}: {
  baseMap: BaseMap;
  stops: readonly Stop[];
  selectedStopId: string | null;
  track: readonly TrackPoint[] | null;
  label: string;
  onSelectStop: (id: string | null) => void;
}) {
  const t = useT();
  const points = useMemo(
    () =>
      new Map<string, LatestPosition>(
        stops.map((stop) => [
          stop.id,
          {
            deviceId: stop.id,
            deviceName: stop.vehicle?.plate ?? stop.id,
            vehicleId: stop.vehicle?.id ?? null,
            plate: stop.vehicle?.plate ?? null,
            fixedAt: stop.endedAt,
            latitude: stop.lat,
            longitude: stop.lon,
            speedKmh: 0,
            course: null,
          },
        ]),
      ),
    [stops],
  );
  return (
    <LiveMap
      baseMap={baseMap}
      positions={points}
      version={points.size}
      selectedId={selectedStopId}
      following={selectedStopId !== null}
      track={track}
      replayPoint={null}
      label={label}
      outlineNotice={t('map.outline')}
      onSelect={onSelectStop}
    />
  );
}
