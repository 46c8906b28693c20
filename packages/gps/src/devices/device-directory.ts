import type { Sql } from '@pioneira/db';
import type { DeviceRef } from './device';
import { hashDeviceToken } from './device-token';
import { DevicesRepository } from './devices.repository';

// An unknown identifier is remembered briefly, so a misconfigured phone retrying every second does
// not cost a query each time; registering the device clears it at once (NOTIFY).
const UNKNOWN_TTL_MS = 5_000;
const DEVICES_CHANNEL = 'pioneira_devices';

/**
 * Identifier / token / number → device, cached in memory. Any change to `devices` (in any process)
 * NOTIFYs `pioneira_devices`, which empties the cache; a reconnect empties it too, since
 * notifications sent meanwhile were missed.
 */
export class DeviceDirectory {
  private readonly byIdentifier = new Map<string, DeviceRef | { unknownUntil: number }>();
  private readonly byToken = new Map<string, DeviceRef | null>();
  private byNum = new Map<number, DeviceRef>();
  private readonly repository: DevicesRepository;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly sql: Sql) {
    this.repository = new DevicesRepository(sql);
  }

  /** Starts listening for changes; call once before use. */
  async start(): Promise<void> {
    const { unlisten } = await this.sql.listen(
      DEVICES_CHANNEL,
      () => this.clear(),
      () => this.clear(),
    );
    this.unlisten = unlisten;
  }

  async stop(): Promise<void> {
    await this.unlisten?.().catch(() => {});
  }

  clear(): void {
    this.byIdentifier.clear();
    this.byToken.clear();
    this.byNum = new Map();
  }

  /** Looks the identifiers up (one query for all the misses); null for unknown ones. */
  async resolve(identifiers: string[]): Promise<Map<string, DeviceRef | null>> {
    const now = Date.now();
    const found = new Map<string, DeviceRef | null>();
    const missing: string[] = [];
    for (const identifier of new Set(identifiers)) {
      const cached = this.byIdentifier.get(identifier);
      if (cached && 'num' in cached) found.set(identifier, cached);
      else if (cached && cached.unknownUntil > now) found.set(identifier, null);
      else missing.push(identifier);
    }
    if (missing.length > 0) {
      const refs = await this.repository.refsByIdentifiers(missing);
      for (const ref of refs) this.byIdentifier.set(ref.identifier, ref);
      for (const identifier of missing) {
        const ref = refs.find((r) => r.identifier === identifier) ?? null;
        if (!ref) this.byIdentifier.set(identifier, { unknownUntil: now + UNKNOWN_TTL_MS });
        found.set(identifier, ref);
      }
    }
    return found;
  }

  /** The device a JSON-API token belongs to, or null. */
  async byDeviceToken(token: string): Promise<DeviceRef | null> {
    const cached = this.byToken.get(token);
    if (cached !== undefined) return cached;
    const ref = (await this.repository.refByTokenHash(hashDeviceToken(token))) ?? null;
    if (this.byToken.size > 100_000) this.byToken.clear();
    this.byToken.set(token, ref);
    return ref;
  }

  /** The device of a compact number (consumers), reloading the whole table once on a miss. */
  async byNumber(num: number): Promise<DeviceRef | undefined> {
    if (!this.byNum.has(num)) {
      this.byNum = new Map((await this.repository.allRefs()).map((ref) => [ref.num, ref]));
    }
    return this.byNum.get(num);
  }
}
