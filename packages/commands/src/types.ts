import type { CommandAuditAction, CommandState, CommandTypeName } from '@pioneira/contracts';
import type { CommandProfile } from '@pioneira/protocols';

/** A command row as the service and the dispatcher see it. */
export interface CommandRow {
  id: string;
  deviceId: string;
  deviceIdentifier: string;
  deviceProtocol: string;
  vehicleId: string | null;
  type: CommandTypeName;
  text: string | null;
  channel: 'online' | 'sms';
  state: CommandState;
  reason: string;
  requestedBy: string | null;
  requestedByName: string;
  createdAt: Date;
  expiresAt: Date;
  sentAt: Date | null;
  sentText: string | null;
  answeredAt: Date | null;
  response: string | null;
  finishedAt: Date | null;
  error: string | null;
}

export interface AuditRow {
  id: string;
  commandId: string | null;
  deviceId: string | null;
  vehicleId: string | null;
  at: Date;
  action: CommandAuditAction;
  actorId: string | null;
  actorName: string | null;
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface SettingsRow {
  managersMaySend: boolean;
  blockMaxSpeedKmh: number | null;
  speedWindowMinutes: number;
  defaultExpiryMinutes: number;
  profile: CommandProfile;
  updatedAt: Date;
}

/** A device a command can target, with its vehicle's plate (the typed confirmation). */
export interface TargetDevice {
  id: string;
  identifier: string;
  protocol: string;
  vehicleId: string | null;
  plate: string | null;
}

/** Who is asking (from the API's principal). */
export interface Actor {
  id: string;
  name: string;
  role: 'admin' | 'manager' | 'viewer';
}
