import { badRequest, conflict, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { LatestStore } from '../latest/latest-store';
import type { Device } from './device';
import { type DeviceWithStatus, withStatus } from './device-status';
import { hashDeviceToken, newDeviceSecret, newDeviceToken } from './device-token';
import { type DeviceFields, DevicesRepository } from './devices.repository';

export interface DevicesServiceOptions {
  /**
   * Called after every change. Other processes learn of it by NOTIFY a moment later; this process's
   * ingest clears its device cache here, so a rotated token or a deleted device is refused at once.
   */
  onChange?: () => void;
  /** Where the fresh latest positions are (for a device's status); without it, PostgreSQL answers. */
  latest?: LatestStore;
  /** A device is online while its last fix is at most this old, unless it has a timeout of its own. */
  offlineAfterSeconds?: number;
}

/** Device registry rules: unique identifiers, a token shown only once. */
export class DevicesService {
  private readonly repository: DevicesRepository;
  private readonly changed: () => void;

  constructor(
    private readonly sql: Sql,
    private readonly options: DevicesServiceOptions = {},
  ) {
    this.repository = new DevicesRepository(sql);
    this.changed = options.onChange ?? (() => {});
  }

  private status(devices: Device[]): Promise<DeviceWithStatus[]> {
    return withStatus(this.sql, this.options.latest, devices, this.options.offlineAfterSeconds ?? 1800);
  }

  async list(query: { search?: string; vehicleId?: string; page: number; pageSize: number }) {
    const { items, total } = await this.repository.list(
      query.search,
      query.pageSize,
      (query.page - 1) * query.pageSize,
      query.vehicleId ?? null,
    );
    return { items: await this.status(items), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<Device> {
    const device = await this.repository.get(id);
    if (!device) throw notFound(`Device ${id}`);
    return device;
  }

  /** A device with its status, last fix and current driver. */
  async detail(id: string): Promise<DeviceWithStatus> {
    const [device] = await this.status([await this.get(id)]);
    return device;
  }

  /** Registers a device and returns it with its JSON-API token, which is not shown again. */
  async create(fields: DeviceFields): Promise<Device & { token: string }> {
    const token = newDeviceToken();
    const device = await this.repository.insert(fields, hashDeviceToken(token)).catch(unknownLink);
    if (!device) throw identifierTaken(fields.identifier);
    this.changed();
    return { ...device, token };
  }

  async update(id: string, fields: Partial<DeviceFields>): Promise<Device> {
    if (fields.identifier && (await this.repository.identifierTaken(fields.identifier, id)))
      throw identifierTaken(fields.identifier);
    const device = await this.repository.update(id, fields).catch(unknownLink);
    if (!device) throw notFound(`Device ${id}`);
    this.changed();
    return device;
  }

  /** Replaces the device's token (the old one stops working at once) and returns the new one. */
  async rotateToken(id: string): Promise<{ token: string }> {
    const token = newDeviceToken();
    if (!(await this.repository.setToken(id, hashDeviceToken(token)))) throw notFound(`Device ${id}`);
    this.changed();
    return { token };
  }

  /**
   * Gives an OsmAnd or OwnTracks device a secret (replacing any previous one) and returns it, shown
   * only this once: from now on its HTTP requests without it are refused.
   */
  async setSecret(id: string): Promise<{ secret: string }> {
    const device = await this.get(id);
    if (device.protocol !== 'osmand' && device.protocol !== 'owntracks')
      throw badRequest(
        'secret_not_supported',
        `A ${device.protocol} device authenticates by its ${device.protocol === 'json' ? 'token' : 'protocol'}; only OsmAnd and OwnTracks devices take a secret.`,
      );
    const secret = newDeviceSecret();
    if (!(await this.repository.setSecret(id, hashDeviceToken(secret)))) throw notFound(`Device ${id}`);
    this.changed();
    return { secret };
  }

  /** Removes the device secret: the device authenticates by identifier and protocol alone again. */
  async removeSecret(id: string): Promise<void> {
    if (!(await this.repository.setSecret(id, null))) throw notFound(`Device ${id}`);
    this.changed();
  }

  /** Removes a device; its stored positions stay until retention drops them. */
  async remove(id: string): Promise<void> {
    if (!(await this.repository.remove(id))) throw notFound(`Device ${id}`);
    this.changed();
  }
}

const identifierTaken = (identifier: string) =>
  conflict('device_exists', `A device with identifier "${identifier}" already exists; pick another one.`);

// A vehicle or driver id that does not exist violates the foreign key: say which, as a 400.
function unknownLink(error: unknown): never {
  const e = error as { code?: string; constraint_name?: string };
  if (e.code === '23503') {
    const what = e.constraint_name?.includes('driver') ? 'driver' : 'vehicle';
    throw badRequest(`unknown_${what}`, `No ${what} has that id; pick one from /api/${what}s.`);
  }
  throw error;
}
