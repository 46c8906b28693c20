import type { Redis } from 'ioredis';
import type { LatestPosition } from './latest-position';

// Stores `<fix time ms>|<json>` only when the fix is newer than what is there, so a late or replayed
// fix never moves a device back in time; TTL refreshed on every advance.
const ADVANCE_LUA = `
local current = redis.call('GET', KEYS[1])
if current then
  local bar = string.find(current, '|', 1, true)
  if tonumber(string.sub(current, 1, bar - 1)) >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', ARGV[3])
return 1
`;

type AdvancingRedis = Redis & {
  gpsAdvanceLatest(key: string, t: number, value: string, ttl: number): Promise<number>;
};

/** Latest position per device in Redis: monotonic in fix time, expiring after `ttlSeconds`. */
export class LatestStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {
    if (!('gpsAdvanceLatest' in redis))
      redis.defineCommand('gpsAdvanceLatest', { numberOfKeys: 1, lua: ADVANCE_LUA });
  }

  private key(deviceId: string): string {
    return `${this.prefix}:gps:latest:${deviceId}`;
  }

  /** Marks the projection complete; its absence (Redis flushed or new) means "rebuild from PostgreSQL". */
  get readyKey(): string {
    return `${this.prefix}:gps:latest-ready`;
  }

  /** Applies fixes in one pipelined round trip; returns the ones that moved their device forward. */
  async advance(positions: LatestPosition[]): Promise<LatestPosition[]> {
    if (positions.length === 0) return [];
    const pipeline = this.redis.pipeline() as unknown as AdvancingRedis;
    for (const p of positions) {
      pipeline.gpsAdvanceLatest(
        this.key(p.deviceId),
        Date.parse(p.fixedAt),
        JSON.stringify(p),
        this.ttlSeconds,
      );
    }
    const results = (await (pipeline as unknown as ReturnType<Redis['pipeline']>).exec()) ?? [];
    const failure = results.find(([error]) => error);
    if (failure) throw failure[0];
    return positions.filter((_, i) => results[i][1] === 1);
  }

  /** The latest positions of these devices (absent when unknown or expired). */
  async get(deviceIds: string[]): Promise<Map<string, LatestPosition>> {
    const found = new Map<string, LatestPosition>();
    if (deviceIds.length === 0) return found;
    const values = await this.redis.mget(deviceIds.map((id) => this.key(id)));
    values.forEach((value, i) => {
      if (value) found.set(deviceIds[i], JSON.parse(value.slice(value.indexOf('|') + 1)));
    });
    return found;
  }

  async isReady(): Promise<boolean> {
    return (await this.redis.exists(this.readyKey)) === 1;
  }

  async markReady(): Promise<void> {
    await this.redis.set(this.readyKey, new Date().toISOString());
  }
}
