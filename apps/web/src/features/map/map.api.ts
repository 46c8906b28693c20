import { apiFetch } from '@/lib/api';

/** A device's newest fix as GET /api/positions/latest gives it. */
export interface LatestPosition {
  deviceId: string;
  deviceName: string;
  vehicleId: string | null;
  plate: string | null;
  fixedAt: string;
  latitude: number;
  longitude: number;
  speedKmh: number | null;
  course: number | null;
}

/** A live delta of GET /api/live/positions (no names: those come with the snapshot). */
export type PositionDelta = Omit<LatestPosition, 'deviceName' | 'plate'>;

export interface TrackPoint {
  t: string;
  lat: number;
  lon: number;
  speedKmh: number | null;
}

export interface Track {
  points: TrackPoint[];
  simplified: boolean;
}

export interface Device {
  id: string;
  identifier: string;
  name: string;
  protocol: string;
  vehicleId: string | null;
  driverId: string | null;
}

export const getLatest = (signal?: AbortSignal) =>
  apiFetch<{ items: LatestPosition[] }>('/api/positions/latest', { signal }).then((answer) => answer.items);

export const getDevice = (id: string, signal?: AbortSignal) =>
  apiFetch<Device>(`/api/devices/${encodeURIComponent(id)}`, { signal });

export const getDriverName = (id: string, signal?: AbortSignal) =>
  apiFetch<{ name: string }>(`/api/drivers/${encodeURIComponent(id)}`, { signal }).then(
    (driver) => driver.name,
  );

/** The vehicle's track when the device has one (all its devices), else the device's own. */
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
