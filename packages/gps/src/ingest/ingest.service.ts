import type { Sql } from '@pioneira/db';
import type { DecodedPosition } from '@pioneira/protocols';
import type { DeviceProtocol, DeviceRef } from '../devices/device';
import { DeviceDirectory } from '../devices/device-directory';
import { secretMatches } from '../devices/device-token';
import { DeviceSecretError, FixTimeError, UnknownDeviceError } from '../errors';
import { FixWindow, type FixWindowOptions } from './fix-window';
import { GroupCommit, type GroupCommitOptions, type IngestResult } from './group-commit';
import { assertStorable } from './position-check';
import { toRow } from './position-row';
import { writePositions } from './positions.writer';
import { Refusals } from './refusals';
import { Rejections } from './rejections';

export type { IngestResult } from './group-commit';

/** Tuning of the durable ingest path; the defaults suit one process on a small machine. */
export interface IngestOptions extends Partial<GroupCommitOptions> {
  /** Accepted fix times (default: 2000-01-01 to 24 h ahead). */
  fixWindow?: FixWindowOptions;
}

/** How the sender of a submission proved who it is, beyond naming the device. */
export interface DeviceCredentials {
  /** The device secret the request carried (OsmAnd `?secret=`, a Basic-auth password). */
  secret?: string;
  /**
   * The transport authenticated the sender itself (the MQTT broker's own users and ACLs): the device
   * secret is not asked for.
   */
  transportAuthenticated?: boolean;
}

type Fix = Omit<DecodedPosition, 'deviceIdentifier'>;

/**
 * The one durable path every protocol feeds: authenticates devices (registered, for this protocol,
 * with their secret when they have one), refuses implausible fix times and unstorable values (all
 * counted), and group-commits positions with their outbox row. A promise resolves after COMMIT.
 */
export class IngestService {
  readonly devices: DeviceDirectory;
  readonly rejections: Rejections;
  readonly refusals: Refusals;
  readonly fixWindow: FixWindow;
  private readonly commits: GroupCommit;

  constructor(sql: Sql, options: IngestOptions = {}) {
    this.devices = new DeviceDirectory(sql);
    this.rejections = new Rejections(sql);
    this.refusals = new Refusals(sql);
    this.fixWindow = new FixWindow(options.fixWindow);
    this.commits = new GroupCommit((rows, owners) => writePositions(sql, rows, owners), {
      maxQueuedPositions: options.maxQueuedPositions ?? 50_000,
      maxBatchPositions: options.maxBatchPositions ?? 10_000,
      concurrency: options.concurrency ?? 3,
      onIsolated: () => this.refusals.count('poison_write', 'any'),
    });
  }

  async start(): Promise<void> {
    await this.devices.start();
  }

  /** Positions queued or being written (for /metrics and tests). */
  get backlog(): number {
    return this.commits.backlog;
  }

  /**
   * The device `identifier` if it may send with `protocol` and these credentials: registered for
   * that protocol and, when it has a secret, proving it. Throws UnknownDeviceError (a device of
   * another protocol looks unknown, so a prober learns nothing) or DeviceSecretError; counts both.
   */
  async authenticate(
    identifier: string,
    protocol: DeviceProtocol,
    credentials: DeviceCredentials = {},
  ): Promise<DeviceRef> {
    return (await this.authenticateAll([identifier], protocol, credentials, 1)).get(identifier)!;
  }

  /**
   * Stores decoded positions of one protocol. Nothing is stored when any device fails to
   * authenticate, or any fix is outside the window or unstorable (400); OverloadedError when the
   * backlog is full.
   */
  async submit(
    positions: DecodedPosition[],
    protocol: DeviceProtocol,
    credentials: DeviceCredentials = {},
  ): Promise<IngestResult> {
    const identifiers = positions.map((p) => p.deviceIdentifier);
    const refs = await this.authenticateAll(identifiers, protocol, credentials, positions.length);
    this.check(positions, protocol);
    return this.commits.submit(positions.map((p) => toRow(refs.get(p.deviceIdentifier)!.num, p)));
  }

  /** Stores positions of one already-authenticated device (the JSON batch API), checked the same way. */
  submitFor(device: DeviceRef, positions: Fix[]): Promise<IngestResult> {
    this.check(positions, device.protocol);
    return this.commits.submit(positions.map((p) => toRow(device.num, p)));
  }

  /** Splits positions into those inside the fix window and the count of those outside (counted). */
  withinWindow<T extends Fix>(positions: T[], protocol: DeviceProtocol): { kept: T[]; refused: number } {
    const now = Date.now();
    const kept = positions.filter((p) => this.fixWindow.contains(p.fixedAt, now));
    const refused = positions.length - kept.length;
    if (refused > 0) this.refusals.count('fix_time', protocol, refused);
    return { kept, refused };
  }

  /** Finishes what was accepted, then stops. */
  async stop(): Promise<void> {
    await this.commits.drain();
    await Promise.all([this.rejections.stop(), this.refusals.stop(), this.devices.stop()]);
  }

  private check(positions: Fix[], protocol: DeviceProtocol): void {
    const now = Date.now();
    const late = positions.findIndex((p) => !this.fixWindow.contains(p.fixedAt, now));
    if (late >= 0) {
      this.refusals.count('fix_time', protocol, positions.length);
      throw new FixTimeError(late, this.fixWindow.describe());
    }
    try {
      assertStorable(positions);
    } catch (error) {
      this.refusals.count('invalid_value', protocol, positions.length);
      throw error;
    }
  }

  private async authenticateAll(
    identifiers: string[],
    protocol: DeviceProtocol,
    credentials: DeviceCredentials,
    positions: number,
  ): Promise<Map<string, DeviceRef>> {
    const refs = await this.devices.resolve(identifiers);
    const unknown: string[] = [];
    for (const [identifier, ref] of refs) {
      if (ref && ref.protocol === protocol) continue;
      unknown.push(identifier);
      const count = identifiers.filter((i) => i === identifier).length;
      this.refusals.count(ref ? 'wrong_protocol' : 'unknown_device', protocol, count);
      this.rejections.count(identifier, protocol, count);
    }
    if (unknown.length > 0) throw new UnknownDeviceError(unknown);
    for (const [identifier, ref] of refs) {
      if (!ref?.secretHash || credentials.transportAuthenticated) continue;
      if (!secretMatches(credentials.secret, ref.secretHash)) {
        this.refusals.count('invalid_secret', protocol, positions);
        throw new DeviceSecretError(identifier);
      }
    }
    return refs as Map<string, DeviceRef>;
  }
}
