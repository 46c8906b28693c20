import type { Sql } from '@pioneira/db';
import type { DecodedPosition } from '@pioneira/protocols';
import type { DeviceRef } from '../devices/device';
import { DeviceDirectory } from '../devices/device-directory';
import { UnknownDeviceError } from '../errors';
import { GroupCommit, type GroupCommitOptions, type IngestResult } from './group-commit';
import { toRow } from './position-row';
import { writePositions } from './positions.writer';
import { Rejections } from './rejections';

export type { IngestResult } from './group-commit';

/** Tuning of the durable ingest path; the defaults suit one process on a small machine. */
export interface IngestOptions extends Partial<GroupCommitOptions> {}

/**
 * The one durable path every protocol feeds: resolves devices, refuses unknown ones (counted, never
 * stored), and group-commits positions with their outbox row. A promise resolves after COMMIT.
 */
export class IngestService {
  readonly devices: DeviceDirectory;
  readonly rejections: Rejections;
  private readonly commits: GroupCommit;

  constructor(sql: Sql, options: IngestOptions = {}) {
    this.devices = new DeviceDirectory(sql);
    this.rejections = new Rejections(sql);
    this.commits = new GroupCommit((rows, owners) => writePositions(sql, rows, owners), {
      maxQueuedPositions: options.maxQueuedPositions ?? 50_000,
      maxBatchPositions: options.maxBatchPositions ?? 10_000,
      concurrency: options.concurrency ?? 3,
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
   * Stores decoded positions of any protocol. If any position's device is unknown, nothing is stored
   * and UnknownDeviceError is thrown; OverloadedError when the backlog is full.
   */
  async submit(positions: DecodedPosition[], protocol: string): Promise<IngestResult> {
    const refs = await this.devices.resolve(positions.map((p) => p.deviceIdentifier));
    const unknown = [...refs].filter(([, ref]) => !ref).map(([identifier]) => identifier);
    if (unknown.length > 0) {
      for (const identifier of unknown)
        this.rejections.count(
          identifier,
          protocol,
          positions.filter((p) => p.deviceIdentifier === identifier).length,
        );
      throw new UnknownDeviceError(unknown);
    }
    return this.commits.submit(positions.map((p) => toRow(refs.get(p.deviceIdentifier)!.num, p)));
  }

  /** Stores positions of one already-authenticated device (the JSON batch API). */
  submitFor(
    device: DeviceRef,
    positions: Omit<DecodedPosition, 'deviceIdentifier'>[],
  ): Promise<IngestResult> {
    return this.commits.submit(positions.map((p) => toRow(device.num, p)));
  }

  /** Finishes what was accepted, then stops. */
  async stop(): Promise<void> {
    await this.commits.drain();
    await Promise.all([this.rejections.stop(), this.devices.stop()]);
  }
}
