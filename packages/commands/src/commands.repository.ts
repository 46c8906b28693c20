import type { CommandAuditAction, CommandState } from '@pioneira/contracts';
import type { PageRequest, Queryable } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { AuditRow, CommandRow, SettingsRow, TargetDevice } from './types';

const COMMAND_COLUMNS = (sql: Queryable) => sql`
  c.id, c.device_id, d.identifier AS device_identifier, d.protocol AS device_protocol, c.vehicle_id,
  c.type, c.parameters->>'text' AS text, c.channel, c.state, c.reason, c.requested_by,
  c.requested_by_name, c.created_at, c.expires_at, c.sent_at, c.sent_text, c.answered_at, c.response,
  c.finished_at, c.error`;

const toCommand = (r: Record<string, unknown>): CommandRow => ({
  id: r.id as string,
  deviceId: r.device_id as string,
  deviceIdentifier: r.device_identifier as string,
  deviceProtocol: r.device_protocol as string,
  vehicleId: (r.vehicle_id as string | null) ?? null,
  type: r.type as CommandRow['type'],
  text: (r.text as string | null) ?? null,
  channel: r.channel as CommandRow['channel'],
  state: r.state as CommandState,
  reason: r.reason as string,
  requestedBy: (r.requested_by as string | null) ?? null,
  requestedByName: r.requested_by_name as string,
  createdAt: r.created_at as Date,
  expiresAt: r.expires_at as Date,
  sentAt: (r.sent_at as Date | null) ?? null,
  sentText: (r.sent_text as string | null) ?? null,
  answeredAt: (r.answered_at as Date | null) ?? null,
  response: (r.response as string | null) ?? null,
  finishedAt: (r.finished_at as Date | null) ?? null,
  error: (r.error as string | null) ?? null,
});

const toAudit = (r: Record<string, unknown>): AuditRow => ({
  id: String(r.id),
  commandId: (r.command_id as string | null) ?? null,
  deviceId: (r.device_id as string | null) ?? null,
  vehicleId: (r.vehicle_id as string | null) ?? null,
  at: r.at as Date,
  action: r.action as CommandAuditAction,
  actorId: (r.actor_id as string | null) ?? null,
  actorName: (r.actor_name as string | null) ?? null,
  reason: (r.reason as string | null) ?? null,
  detail: (r.detail as Record<string, unknown>) ?? {},
});

export interface AuditInput {
  commandId: string | null;
  deviceId: string | null;
  vehicleId: string | null;
  action: CommandAuditAction;
  actorId?: string | null;
  actorName?: string | null;
  reason?: string | null;
  detail?: Record<string, unknown>;
}

/** Which commands (or audit entries) a list asks for: one device's, or one vehicle's. */
export type Scope = { deviceId: string } | { vehicleId: string };

/** All SQL of commands, their audit trail and their settings. */
export const commandsRepository = {
  async settings(sql: Queryable): Promise<SettingsRow> {
    const [r] = await sql`SELECT * FROM command_settings WHERE id`;
    return {
      managersMaySend: r.managers_may_send as boolean,
      blockMaxSpeedKmh: r.block_max_speed_kmh === null ? null : Number(r.block_max_speed_kmh),
      speedWindowMinutes: r.speed_window_minutes as number,
      defaultExpiryMinutes: r.default_expiry_minutes as number,
      profile: (r.profile as SettingsRow['profile']) ?? {},
      updatedAt: r.updated_at as Date,
    };
  },

  async updateSettings(sql: Queryable, changes: Partial<Omit<SettingsRow, 'updatedAt'>>, by: string) {
    const current = await commandsRepository.settings(sql);
    const next = { ...current, ...changes };
    await sql`
      UPDATE command_settings SET managers_may_send = ${next.managersMaySend},
        block_max_speed_kmh = ${next.blockMaxSpeedKmh}, speed_window_minutes = ${next.speedWindowMinutes},
        default_expiry_minutes = ${next.defaultExpiryMinutes}, profile = ${sql.json(next.profile as never)},
        updated_by = ${by}, updated_at = now()
      WHERE id`;
  },

  async device(sql: Queryable, deviceId: string): Promise<TargetDevice | undefined> {
    const [r] = await sql`
      SELECT d.id, d.identifier, d.protocol, d.vehicle_id, v.registration_number AS plate
      FROM devices d LEFT JOIN vehicles v ON v.id = d.vehicle_id WHERE d.id = ${deviceId}`;
    return r && toTarget(r);
  },

  async deviceByIdentifier(sql: Queryable, identifier: string): Promise<TargetDevice | undefined> {
    const [r] = await sql`
      SELECT d.id, d.identifier, d.protocol, d.vehicle_id, v.registration_number AS plate
      FROM devices d LEFT JOIN vehicles v ON v.id = d.vehicle_id WHERE d.identifier = ${identifier}`;
    return r && toTarget(r);
  },

  /** The vehicle (undefined if unknown) and the devices fitted to it. */
  async vehicleDevices(sql: Queryable, vehicleId: string) {
    const [vehicle] = await sql`SELECT id, registration_number FROM vehicles WHERE id = ${vehicleId}`;
    if (!vehicle) return undefined;
    const rows = await sql`
      SELECT d.id, d.identifier, d.protocol, d.vehicle_id, ${vehicle.registration_number as string | null} AS plate
      FROM devices d WHERE d.vehicle_id = ${vehicleId} ORDER BY d.created_at`;
    return rows.map(toTarget);
  },

  async vehicleExists(sql: Queryable, vehicleId: string): Promise<boolean> {
    const [row] = await sql`SELECT 1 FROM vehicles WHERE id = ${vehicleId}`;
    return Boolean(row);
  },

  /** The device's newest fix no older than `withinMinutes`, with its speed (km/h, null if unknown). */
  async latestFix(sql: Queryable, deviceId: string, withinMinutes: number) {
    const [r] = await sql`
      SELECT p.fixed_at, p.speed_kmh FROM devices d
      JOIN positions p ON p.device_num = d.num
      WHERE d.id = ${deviceId} AND p.fixed_at > now() - ${withinMinutes} * interval '1 minute'
      ORDER BY p.fixed_at DESC LIMIT 1`;
    if (!r) return undefined;
    return {
      fixedAt: r.fixed_at as Date,
      speedKmh: r.speed_kmh === null ? null : Number(r.speed_kmh),
    };
  },

  async insert(
    sql: Queryable,
    c: {
      device: TargetDevice;
      type: string;
      text: string | null;
      channel: 'online' | 'sms';
      reason: string;
      actorId: string;
      actorName: string;
      expiresInMinutes: number;
      sentText: string | null;
    },
  ): Promise<string> {
    const sms = c.channel === 'sms';
    const [r] = await sql`
      INSERT INTO commands (device_id, vehicle_id, type, parameters, channel, state, reason, requested_by,
                            requested_by_name, expires_at, sent_at, sent_text)
      VALUES (${c.device.id}, ${c.device.vehicleId}, ${c.type},
              ${sql.json(c.text === null ? {} : { text: c.text })}, ${c.channel},
              ${sms ? 'sent' : 'queued'}, ${c.reason}, ${c.actorId}, ${c.actorName},
              now() + ${c.expiresInMinutes} * interval '1 minute', ${sms ? sql`now()` : null},
              ${sms ? c.sentText : null})
      RETURNING id`;
    return r.id as string;
  },

  async get(sql: Queryable, id: string): Promise<CommandRow | undefined> {
    const [r] = await sql`
      SELECT ${COMMAND_COLUMNS(sql)} FROM commands c JOIN devices d ON d.id = c.device_id WHERE c.id = ${id}`;
    return r && toCommand(r);
  },

  async list(
    sql: Queryable,
    scope: Scope,
    filter: { state?: string; type?: string; sort?: 'newest' | 'oldest' },
    page: PageRequest,
  ) {
    const where = sql`
      ${'deviceId' in scope ? sql`c.device_id = ${scope.deviceId}` : sql`c.vehicle_id = ${scope.vehicleId}`}
      ${filter.state ? sql`AND c.state = ${filter.state}` : sql``}
      ${filter.type ? sql`AND c.type = ${filter.type}` : sql``}`;
    const order = filter.sort === 'oldest' ? sql`c.created_at ASC, c.id` : sql`c.created_at DESC, c.id`;
    const rows = await sql`
      SELECT ${COMMAND_COLUMNS(sql)}, count(*) OVER () AS total
      FROM commands c JOIN devices d ON d.id = c.device_id WHERE ${where}
      ORDER BY ${order} LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`;
    const total = rows.length
      ? Number(rows[0].total)
      : Number((await sql`SELECT count(*) AS n FROM commands c WHERE ${where}`)[0].n);
    return { items: rows.map(toCommand), total };
  },

  async audit(sql: Queryable, scope: Scope, page: PageRequest) {
    const where =
      'deviceId' in scope ? sql`a.device_id = ${scope.deviceId}` : sql`a.vehicle_id = ${scope.vehicleId}`;
    const rows = await sql`
      SELECT a.*, count(*) OVER () AS total FROM command_audit a WHERE ${where}
      ORDER BY a.at DESC, a.id DESC LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`;
    const total = rows.length
      ? Number(rows[0].total)
      : Number((await sql`SELECT count(*) AS n FROM command_audit a WHERE ${where}`)[0].n);
    return { items: rows.map(toAudit), total };
  },

  async addAudit(sql: Queryable, a: AuditInput): Promise<void> {
    await sql`
      INSERT INTO command_audit (command_id, device_id, vehicle_id, action, actor_id, actor_name, reason, detail)
      VALUES (${a.commandId}, ${a.deviceId}, ${a.vehicleId}, ${a.action}, ${a.actorId ?? null},
              ${a.actorName ?? null}, ${a.reason ?? null}, ${sql.json((a.detail ?? {}) as never)})`;
  },

  /** queued → cancelled, only if still queued (the dispatcher may be sending it right now). */
  async cancel(sql: Queryable, id: string, by: string): Promise<boolean> {
    const rows = await sql`
      UPDATE commands SET state = 'cancelled', finished_at = now(), cancelled_by = ${by}
      WHERE id = ${id} AND state = 'queued' RETURNING id`;
    return rows.length === 1;
  },

  /**
   * The oldest deliverable command of a device, locked for this transaction (SKIP LOCKED: another
   * process delivering to the same device skips it), unless one is already in flight.
   */
  async lockNextQueued(sql: Queryable, deviceId: string): Promise<CommandRow | undefined> {
    const [r] = await sql`
      SELECT ${COMMAND_COLUMNS(sql)} FROM commands c JOIN devices d ON d.id = c.device_id
      WHERE c.device_id = ${deviceId} AND c.state = 'queued' AND c.channel = 'online' AND c.expires_at > now()
        AND NOT EXISTS (SELECT 1 FROM commands f WHERE f.device_id = ${deviceId} AND f.state = 'sent'
                          AND f.channel = 'online')
      ORDER BY c.created_at LIMIT 1 FOR UPDATE OF c SKIP LOCKED`;
    return r && toCommand(r);
  },

  // sent_at and answered_at are the instants of the statements (clock_timestamp), not of their
  // transactions' starts (now()): a delivery whose transaction began before the previous command's
  // answer committed, and saw that answer, must not appear to have been sent before it.
  async markSent(sql: Queryable, id: string, sentText: string): Promise<void> {
    await sql`UPDATE commands SET state = 'sent', sent_at = clock_timestamp(), sent_text = ${sentText} WHERE id = ${id}`;
  },

  async markFailed(sql: Queryable, id: string, error: string): Promise<void> {
    await sql`UPDATE commands SET state = 'failed', finished_at = now(), error = ${error} WHERE id = ${id}`;
  },

  /** A sent command whose write never happened goes back to the queue. */
  async requeue(sql: Queryable, id: string): Promise<void> {
    await sql`UPDATE commands SET state = 'queued', sent_at = NULL, sent_text = NULL WHERE id = ${id} AND state = 'sent'`;
  },

  /** The device's answer closes command `id` if it is still in flight; returns that command. */
  async acknowledge(sql: Queryable, deviceId: string, id: string, response: string) {
    const [r] = await sql`
      UPDATE commands SET state = 'acknowledged', answered_at = clock_timestamp(), finished_at = clock_timestamp(),
        response = ${response}
      WHERE id = ${id} AND device_id = ${deviceId} AND state = 'sent' AND channel = 'online'
      RETURNING id, vehicle_id`;
    return r ? { id: r.id as string, vehicleId: (r.vehicle_id as string | null) ?? null } : undefined;
  },

  /** The device answered that command `id`, still in flight, failed; returns that command. */
  async failByAnswer(sql: Queryable, deviceId: string, id: string, response: string) {
    const [r] = await sql`
      UPDATE commands SET state = 'failed', answered_at = clock_timestamp(), finished_at = clock_timestamp(), response = ${response},
        error = 'The tracker answered that it did not carry out the command.'
      WHERE id = ${id} AND device_id = ${deviceId} AND state = 'sent' AND channel = 'online'
      RETURNING id, vehicle_id`;
    return r ? { id: r.id as string, vehicleId: (r.vehicle_id as string | null) ?? null } : undefined;
  },

  /** Queued commands past their expiry become expired, each with its audit entry. */
  async expireDue(sql: Sql): Promise<number> {
    const rows = await sql`
      WITH expired AS (
        UPDATE commands SET state = 'expired', finished_at = now()
        WHERE state = 'queued' AND expires_at <= now() RETURNING id, device_id, vehicle_id)
      INSERT INTO command_audit (command_id, device_id, vehicle_id, action, reason)
      SELECT id, device_id, vehicle_id, 'expired', 'The device did not connect before the command expired.'
      FROM expired RETURNING id`;
    return rows.length;
  },

  /** Commands sent longer ago than `seconds` without an answer fail, freeing their device's slot. */
  async failUnanswered(sql: Sql, seconds: number): Promise<string[]> {
    const rows = await sql`
      WITH failed AS (
        UPDATE commands SET state = 'failed', finished_at = now(),
          error = ${`The device did not answer within ${seconds} s.`}
        WHERE state = 'sent' AND channel = 'online' AND sent_at < now() - ${seconds} * interval '1 second'
        RETURNING id, device_id, vehicle_id)
      INSERT INTO command_audit (command_id, device_id, vehicle_id, action, reason)
      SELECT id, device_id, vehicle_id, 'failed', ${`No answer within ${seconds} s.`} FROM failed
      RETURNING device_id`;
    return rows.map((r) => r.device_id as string);
  },

  /** Of these devices, the ones with a deliverable command waiting. */
  async devicesWithQueued(sql: Sql, deviceIds: string[]): Promise<string[]> {
    if (deviceIds.length === 0) return [];
    const rows = await sql`
      SELECT DISTINCT device_id FROM commands
      WHERE state = 'queued' AND channel = 'online' AND expires_at > now() AND device_id = ANY(${deviceIds}::uuid[])`;
    return rows.map((r) => r.device_id as string);
  },
};

function toTarget(r: Record<string, unknown>): TargetDevice {
  return {
    id: r.id as string,
    identifier: r.identifier as string,
    protocol: r.protocol as string,
    vehicleId: (r.vehicle_id as string | null) ?? null,
    plate: (r.plate as string | null) ?? null,
  };
}
