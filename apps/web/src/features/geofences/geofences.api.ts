import type { Geofence } from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';
import { downloadFile } from '@/lib/download';

export type { Geofence } from '@pioneira/contracts';

export interface GeofenceGroup {
  id: string;
  name: string;
  geofences: number;
}

export interface GeofenceDraft {
  name: string;
  groupId: string | null;
  geometry: { type: 'Point' | 'Polygon' | 'LineString'; coordinates: unknown };
  radiusM?: number | null;
  widthM?: number | null;
  speedLimitKmh?: number | null;
  dwellMaxSeconds?: number | null;
  allowedHours?: Array<{ days: number[]; from: string; to: string }> | null;
}

export const listGeofences = (
  query: { page: number; pageSize: number; groupId?: string; q?: string },
  signal?: AbortSignal,
) =>
  apiFetch<{ items: Geofence[]; total: number; page: number; pageSize: number }>('/api/geofences', {
    query: {
      page: query.page,
      pageSize: query.pageSize,
      groupId: query.groupId || undefined,
      q: query.q || undefined,
    },
    signal,
  });

export const listGroups = (signal?: AbortSignal) =>
  apiFetch<GeofenceGroup[]>('/api/geofences/groups', { signal });

export const createGroup = (name: string) =>
  apiFetch<GeofenceGroup>('/api/geofences/groups', { method: 'POST', body: { name } });

export const createGeofence = (draft: GeofenceDraft) =>
  apiFetch<Geofence>('/api/geofences', { method: 'POST', body: draft });

export const updateGeofence = (id: string, draft: Partial<GeofenceDraft>) =>
  apiFetch<Geofence>(`/api/geofences/${encodeURIComponent(id)}`, { method: 'PATCH', body: draft });

export const deleteGeofence = (id: string) =>
  apiFetch<unknown>(`/api/geofences/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const importGeofences = (format: 'geojson' | 'kml', data: unknown, groupId: string | null) =>
  apiFetch<{ created: number }>('/api/geofences/import', { method: 'POST', body: { format, data, groupId } });

export const exportGeofences = (format: 'geojson' | 'kml', groupId?: string) =>
  downloadFile(
    '/api/geofences/export',
    { format, groupId: groupId || undefined },
    format === 'kml' ? 'cercas.kml' : 'cercas.geojson',
  );
