import type { DeviceWithStatus, Page } from '@pioneira/contracts';
import type { DeviceProtocol } from '@pioneira/contracts/enums';
import { apiFetch } from '@/lib/api';

export type { DeviceWithStatus } from '@pioneira/contracts';

/** Protocols a device can be registered with here (MiX devices come with the MiX synchronisation). */
export const REGISTRABLE_PROTOCOLS = [
  'json',
  'osmand',
  'owntracks',
  'teltonika',
] as const satisfies readonly DeviceProtocol[];

const devicePath = (id: string) => `/api/devices/${encodeURIComponent(id)}`;

export const listDevices = (
  query: { search?: string; vehicleId?: string; page?: number; pageSize?: number },
  signal?: AbortSignal,
) => apiFetch<Page<DeviceWithStatus>>('/api/devices', { query, signal });

export const registerDevice = (body: {
  identifier: string;
  name: string;
  protocol: DeviceProtocol;
  vehicleId?: string | null;
}) => apiFetch<DeviceWithStatus & { token: string }>('/api/devices', { method: 'POST', body });

export const rotateToken = (id: string) =>
  apiFetch<{ token: string }>(`${devicePath(id)}/token`, { method: 'POST' });

export const linkDevice = (id: string, vehicleId: string | null) =>
  apiFetch<DeviceWithStatus>(devicePath(id), { method: 'PATCH', body: { vehicleId } });

/** The device's own offline timeout in seconds, or null for the configured default. */
export const setOfflineTimeout = (id: string, offlineAfterSeconds: number | null) =>
  apiFetch<DeviceWithStatus>(devicePath(id), { method: 'PATCH', body: { offlineAfterSeconds } });
