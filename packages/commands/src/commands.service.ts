import type { Command, CommandAuditEntry, CommandSettings, QueueCommandInput } from '@pioneira/contracts';
import { AppError, badRequest, conflict, notFound, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { CommandEncodeError, type DeviceCommand, renderCommand } from '@pioneira/protocols';
import { commandsRepository as repo, type Scope } from './commands.repository';
import type { Actor, AuditRow, CommandRow, SettingsRow, TargetDevice } from './types';

const MIN_REASON = 3;

/** A plate or identifier as people type it: case, spaces and hyphens do not matter. */
export const normalizeConfirmation = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The rules of remote commands. Sending one is deliberate: admins only (managers when an admin allows
 * it), the vehicle's plate typed as confirmation, a reason, and no engine block while the vehicle
 * moves faster than the configured speed. Every accepted or refused attempt is audited.
 */
export class CommandsService {
  constructor(private readonly sql: Sql) {}

  async queue(target: Scope, input: QueueCommandInput, actor: Actor): Promise<Command> {
    const device = await this.resolveTarget(target, input.deviceId);
    const settings = await repo.settings(this.sql);
    const refuse = async (error: AppError): Promise<never> => {
      await repo.addAudit(this.sql, {
        commandId: null,
        deviceId: device.id,
        vehicleId: device.vehicleId,
        action: 'refused',
        actorId: actor.id,
        actorName: actor.name,
        reason: input.reason.trim() || null,
        detail: { code: error.code, type: input.type, message: error.message },
      });
      throw error;
    };
    if (actor.role !== 'admin' && !(actor.role === 'manager' && settings.managersMaySend))
      await refuse(
        new AppError(
          403,
          'commands_not_allowed',
          'Only admins may send commands to vehicles; an admin can allow managers in the command settings.',
        ),
      );
    const reason = input.reason.trim();
    if (reason.length < MIN_REASON)
      throw badRequest(
        'reason_required',
        `Say why you send this command (at least ${MIN_REASON} characters).`,
      );
    const expected = device.plate && normalizeConfirmation(device.plate) ? device.plate : device.identifier;
    if (normalizeConfirmation(input.confirmation) !== normalizeConfirmation(expected))
      await refuse(
        badRequest(
          'confirmation_mismatch',
          device.plate
            ? `Type the vehicle's plate (${device.plate}) to confirm the command.`
            : `This device has no vehicle plate: type its identifier (${device.identifier}) to confirm.`,
        ),
      );
    const command: DeviceCommand = { type: input.type, text: input.text };
    const rendered = render(device, command, settings);
    if (input.type === 'engine_block' && settings.blockMaxSpeedKmh !== null) {
      const fix = await repo.latestFix(this.sql, device.id, settings.speedWindowMinutes);
      if (fix?.speedKmh != null && fix.speedKmh > settings.blockMaxSpeedKmh)
        await refuse(
          conflict(
            'vehicle_moving',
            `The vehicle was at ${fix.speedKmh} km/h at ${fix.fixedAt.toISOString()}, above the ${settings.blockMaxSpeedKmh} km/h allowed for a block. Try again when it slows down.`,
          ),
        );
    }
    const channel = input.channel ?? 'online';
    const id = await this.sql.begin(async (tx) => {
      const commandId = await repo.insert(tx, {
        device,
        type: input.type,
        text: input.type === 'custom' ? (input.text ?? null) : null,
        channel,
        reason,
        actorId: actor.id,
        actorName: actor.name,
        expiresInMinutes: input.expiresInMinutes ?? settings.defaultExpiryMinutes,
        sentText: rendered.sms,
      });
      await repo.addAudit(tx, {
        commandId,
        deviceId: device.id,
        vehicleId: device.vehicleId,
        action: 'queued',
        actorId: actor.id,
        actorName: actor.name,
        reason,
        detail: { type: input.type, channel, text: rendered.text },
      });
      return commandId;
    });
    return this.get(id);
  }

  async get(id: string): Promise<Command> {
    const row = await repo.get(this.sql, id);
    if (!row) throw notFound('Command');
    return this.present(row, await repo.settings(this.sql));
  }

  async list(
    scope: Scope,
    filter: { state?: string; type?: string; sort?: 'newest' | 'oldest' },
    page: PageRequest,
  ): Promise<Page<Command>> {
    await this.checkScope(scope);
    await repo.expireDue(this.sql);
    const settings = await repo.settings(this.sql);
    const { items, total } = await repo.list(this.sql, scope, filter, page);
    return { items: items.map((row) => this.present(row, settings)), total, ...page };
  }

  async audit(scope: Scope, page: PageRequest): Promise<Page<CommandAuditEntry>> {
    await this.checkScope(scope);
    const { items, total } = await repo.audit(this.sql, scope, page);
    return { items: items.map(presentAudit), total, ...page };
  }

  async cancel(id: string, actor: Actor, reason?: string): Promise<Command> {
    const row = await repo.get(this.sql, id);
    if (!row) throw notFound('Command');
    const cancelled = await this.sql.begin(async (tx) => {
      if (!(await repo.cancel(tx, id, actor.id))) return false;
      await repo.addAudit(tx, {
        commandId: id,
        deviceId: row.deviceId,
        vehicleId: row.vehicleId,
        action: 'cancelled',
        actorId: actor.id,
        actorName: actor.name,
        reason: reason?.trim() || null,
      });
      return true;
    });
    if (!cancelled) {
      const now = await repo.get(this.sql, id);
      throw conflict(
        'command_not_cancellable',
        `Only a queued command can be cancelled; this one is ${now?.state ?? row.state}.`,
      );
    }
    return this.get(id);
  }

  async settings(): Promise<CommandSettings> {
    const s = await repo.settings(this.sql);
    return { ...s, updatedAt: s.updatedAt.toISOString() };
  }

  async updateSettings(
    changes: Partial<Omit<CommandSettings, 'updatedAt'>>,
    actor: Actor,
  ): Promise<CommandSettings> {
    await repo.updateSettings(this.sql, changes, actor.id);
    return this.settings();
  }

  private async resolveTarget(target: Scope, deviceId: string | undefined): Promise<TargetDevice> {
    if ('deviceId' in target) {
      const device = await repo.device(this.sql, target.deviceId);
      if (!device) throw notFound('Device');
      return device;
    }
    const devices = await repo.vehicleDevices(this.sql, target.vehicleId);
    if (!devices) throw notFound('Vehicle');
    if (deviceId) {
      const chosen = devices.find((d) => d.id === deviceId);
      if (!chosen) throw badRequest('device_required', 'That device is not fitted to this vehicle.');
      return chosen;
    }
    if (devices.length === 0)
      throw conflict('no_device', 'This vehicle has no device: register its tracker first (Devices).');
    if (devices.length > 1)
      throw badRequest(
        'device_required',
        `This vehicle has ${devices.length} devices: say which one with deviceId (${devices.map((d) => d.identifier).join(', ')}).`,
      );
    return devices[0];
  }

  private async checkScope(scope: Scope): Promise<void> {
    const exists =
      'deviceId' in scope
        ? Boolean(await repo.device(this.sql, scope.deviceId))
        : await repo.vehicleExists(this.sql, scope.vehicleId);
    if (!exists) throw notFound('deviceId' in scope ? 'Device' : 'Vehicle');
  }

  private present(row: CommandRow, settings: SettingsRow): Command {
    let sms: string | null = null;
    try {
      sms = renderCommand(
        row.deviceProtocol,
        row.deviceIdentifier,
        { type: row.type, text: row.text ?? undefined },
        settings.profile,
      ).sms;
    } catch {
      sms = null;
    }
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      ...row,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      sentAt: iso(row.sentAt),
      answeredAt: iso(row.answeredAt),
      finishedAt: iso(row.finishedAt),
      smsText: sms,
    };
  }
}

function render(device: TargetDevice, command: DeviceCommand, settings: SettingsRow) {
  try {
    return renderCommand(device.protocol, device.identifier, command, settings.profile);
  } catch (error) {
    if (!(error instanceof CommandEncodeError)) throw error;
    if (error.code === 'INVALID_COMMAND_TEXT') throw badRequest('invalid_command', error.message);
    throw new AppError(422, 'command_not_supported', error.message);
  }
}

const presentAudit = (a: AuditRow): CommandAuditEntry => ({ ...a, at: a.at.toISOString() });
