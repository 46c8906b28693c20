import type { Command, CommandAuditEntry, CommandSettings, Page, Vehicle } from '@pioneira/contracts';
import { apiFetch } from '@/lib/api';

export type { Command, CommandAuditEntry, CommandSettings } from '@pioneira/contracts';

export type CommandKind = Command['type'];
export type CommandStateName = Command['state'];
export const COMMAND_KINDS: readonly CommandKind[] = ['engine_block', 'engine_unblock', 'custom'];
export const COMMAND_STATE_NAMES: readonly CommandStateName[] = [
  'queued',
  'sent',
  'acknowledged',
  'failed',
  'expired',
  'cancelled',
];

export interface SendCommand {
  type: CommandKind;
  text?: string;
  reason: string;
  confirmation: string;
  channel: 'online' | 'sms';
}

const vehicleUrl = (id: string) => `/api/vehicles/${encodeURIComponent(id)}`;

export const getVehicle = (id: string, signal?: AbortSignal) => apiFetch<Vehicle>(vehicleUrl(id), { signal });

export const getCommandSettings = (signal?: AbortSignal) =>
  apiFetch<CommandSettings>('/api/commands/settings', { signal });

export const listCommands = (
  vehicleId: string,
  query: { state?: CommandStateName; page: number; pageSize: number },
  signal?: AbortSignal,
) => apiFetch<Page<Command>>(`${vehicleUrl(vehicleId)}/commands`, { query: { ...query }, signal });

export const listAudit = (
  vehicleId: string,
  query: { page: number; pageSize: number },
  signal?: AbortSignal,
) =>
  apiFetch<Page<CommandAuditEntry>>(`${vehicleUrl(vehicleId)}/commands/audit`, {
    query: { ...query },
    signal,
  });

export const sendCommand = (vehicleId: string, body: SendCommand) =>
  apiFetch<Command>(`${vehicleUrl(vehicleId)}/commands`, { method: 'POST', body: { ...body } });

export const cancelCommand = (id: string) =>
  apiFetch<Command>(`/api/commands/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: {} });

/** Plates as people type them: case, spaces and hyphens do not matter (the API compares the same way). */
export const samePlate = (typed: string, plate: string) =>
  typed.toUpperCase().replace(/[^A-Z0-9]/g, '') === plate.toUpperCase().replace(/[^A-Z0-9]/g, '');
