import type { DeviceWithStatus, LatestPosition, Track } from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';

export type { Device, LatestPosition, PositionDelta, Track, TrackPoint } from '@pioneira/contracts';

export const getLatest = (signal?: AbortSignal) =>
  apiFetch<{ items: LatestPosition[] }>('/api/positions/latest', { signal }).then((answer) => answer.items);

export const getDevice = (id: string, signal?: AbortSignal) =>
  apiFetch<DeviceWithStatus>(`/api/devices/${encodeURIComponent(id)}`, { signal });

/** The vehicle's track when the device has one (all its devices), else the device's own. */
/** Where a vehicle's (or an unlinked device's) track is exported as a file. */
export const trackExportPath = (target: { vehicleId: string | null; deviceId: string }) =>
  target.vehicleId
    ? `/api/vehicles/${encodeURIComponent(target.vehicleId)}/track/export`
    : `/api/devices/${encodeURIComponent(target.deviceId)}/track/export`;

export const getTrack = (
  target: { vehicleId: string | null; deviceId: string },
  range: { from: string; to: string },
  signal?: AbortSignal,
) =>
  apiFetch<Track>(
    target.vehicleId
      ? `/api/vehicles/${encodeURIComponent(target.vehicleId)}/track`
      : `/api/devices/${encodeURIComponent(target.deviceId)}/track`,
    { query: range, signal },
  );
