import type { Assignment, DeviceWithStatus, Page } from '@pioneira/contracts';
import type { RuleCategory } from '@pioneira/contracts/enums';
import { apiFetch } from '@/lib/api';

export type { Assignment, DeviceWithStatus } from '@pioneira/contracts';

export interface Vehicle {
  id: string;
  source: string;
  description: string;
  plate: string | null;
  fleetNumber: string | null;
  make: string | null;
  model: string | null;
  year: string | null;
  category?: string;
  currentDriver?: { id: string; name: string } | null;
  updatedAt: string;
}
export type VehicleDetail = Vehicle & { summary: { events30d: number; lastEventAt: string | null } };

export interface VehicleFields {
  plate?: string | null;
  description: string;
  fleetNumber?: string | null;
  make?: string | null;
  model?: string | null;
  year?: string | null;
  category?: RuleCategory;
}

export type VehicleSortKey = 'plate' | 'description' | 'fleetNumber';

const vehiclePath = (id: string) => `/api/vehicles/${encodeURIComponent(id)}`;

export const listVehicles = (
  query: { search?: string; sort?: string; page?: number; pageSize?: number },
  signal?: AbortSignal,
) => apiFetch<Page<Vehicle>>('/api/vehicles', { query, signal });

export const getVehicle = (id: string, signal?: AbortSignal) =>
  apiFetch<VehicleDetail>(vehiclePath(id), { signal });

export const createVehicle = (fields: VehicleFields) =>
  apiFetch<VehicleDetail>('/api/vehicles', { method: 'POST', body: fields });

export const updateVehicle = (id: string, fields: Partial<VehicleFields>) =>
  apiFetch<VehicleDetail>(vehiclePath(id), { method: 'PATCH', body: fields });

export const listAssignments = (
  of: { vehicleId: string } | { driverId: string },
  page: number,
  signal?: AbortSignal,
) =>
  apiFetch<Page<Assignment>>(
    'vehicleId' in of
      ? `${vehiclePath(of.vehicleId)}/assignments`
      : `/api/drivers/${encodeURIComponent(of.driverId)}/assignments`,
    { query: { page, pageSize: 10 }, signal },
  );

export const assignDriver = (
  vehicleId: string,
  body: { driverId: string; startsAt?: string; endsAt?: string | null; note?: string | null },
) => apiFetch<Assignment>(`${vehiclePath(vehicleId)}/assignments`, { method: 'POST', body });

export const endAssignment = (id: string) =>
  apiFetch<Assignment>(`/api/assignments/${encodeURIComponent(id)}/end`, { method: 'POST', body: {} });

export const deleteAssignment = (id: string) =>
  apiFetch<void>(`/api/assignments/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const listDevices = (
  query: { search?: string; page?: number; pageSize?: number },
  signal?: AbortSignal,
) => apiFetch<Page<DeviceWithStatus>>('/api/devices', { query, signal });
