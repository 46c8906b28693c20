import type { Sql } from '@pioneira/db';
import { hashDeviceToken } from '@pioneira/gps';

/** One POST /ingest/positions body of one device. */
export interface Batch {
  device: string;
  token: string;
  body: string;
  /** Fix times (ms) of the batch, to compare with what was stored. */
  times: number[];
}

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** A small deterministic PRNG (mulberry32), so every run of the test sends exactly the same input. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same input for every run: `devices` devices × `fixes` fixes in batches of `batchSize`, shuffled, so
 * batches of one device arrive out of order and through different api processes.
 */
export function workload(devices: number, fixes: number, batchSize: number): Batch[] {
  const random = rng(42);
  const batches: Batch[] = [];
  for (let d = 0; d < devices; d++) {
    const device = `scale-${String(d).padStart(3, '0')}`;
    const token = `pdt_scale_${d}_fixed_token_for_tests`;
    let lat = -23.55 + d * 0.01;
    let lon = -46.63 - d * 0.01;
    for (let start = 0; start < fixes; start += batchSize) {
      const times: number[] = [];
      const positions: string[] = [];
      for (let k = start; k < Math.min(fixes, start + batchSize); k++) {
        lat += (random() - 0.5) * 0.001;
        lon += (random() - 0.5) * 0.001;
        const t = T0 + k * 5_000;
        times.push(t);
        positions.push(
          JSON.stringify({
            fixedAt: t,
            latitude: Number(lat.toFixed(6)),
            longitude: Number(lon.toFixed(6)),
            speedKmh: Math.round(random() * 900) / 10,
            course: Math.floor(random() * 360),
          }),
        );
      }
      batches.push({ device, token, body: `{"positions":[${positions.join(',')}]}`, times });
    }
  }
  for (let i = batches.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [batches[i], batches[j]] = [batches[j], batches[i]];
  }
  return batches;
}

/** Registers the workload's devices straight in SQL, with the tokens the batches carry. */
export async function provision(sql: Sql, batches: Batch[]): Promise<void> {
  const devices = new Map(batches.map((b) => [b.device, b.token]));
  const identifiers = [...devices.keys()].sort();
  await sql`
    INSERT INTO devices (identifier, name, protocol, token_hash)
    SELECT identifier, identifier, 'json', decode(hash, 'hex')
    FROM unnest(${identifiers}::text[],
                ${identifiers.map((id) => hashDeviceToken(devices.get(id)!).toString('hex'))}::text[])
      AS u(identifier, hash)`;
}

interface Reply {
  accepted: number;
  duplicates: number;
}

export interface SendResult {
  acknowledged: number;
  duplicates: number;
  /** 503s and connection errors, each sent again until acknowledged. */
  retried: number;
}

/**
 * Sends every batch, round-robin over the api URLs with `concurrency` requests in flight, as a device
 * would: a batch refused (503, connection error) is sent again until acknowledged. `onProgress` sees how
 * many batches were acknowledged so far (the test kills a worker half-way).
 */
export async function send(
  urls: string[],
  batches: Batch[],
  options: { concurrency: number; pauseMs: number; onProgress?: (done: number) => Promise<void> | void },
): Promise<SendResult> {
  const result: SendResult = { acknowledged: 0, duplicates: 0, retried: 0 };
  let next = 0;
  let done = 0;
  const deadline = Date.now() + 180_000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < batches.length) {
        const i = next++;
        for (let attempt = 0; ; attempt++) {
          if (Date.now() > deadline) throw new Error('sending the workload took more than 180 s');
          const url = urls[(i + attempt) % urls.length];
          const reply = await fetch(`${url}/ingest/positions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${batches[i].token}` },
            body: batches[i].body,
          }).then(
            async (r) => ({ status: r.status, body: (await r.json().catch(() => ({}))) as Reply }),
            () => ({ status: 0, body: {} as Reply }),
          );
          if (reply.status === 200) {
            result.acknowledged += reply.body.accepted;
            result.duplicates += reply.body.duplicates;
            break;
          }
          if (reply.status !== 503 && reply.status !== 0)
            throw new Error(`POST /ingest/positions answered ${reply.status}: ${JSON.stringify(reply.body)}`);
          result.retried++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        done++;
        await options.onProgress?.(done);
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    }),
  );
  return result;
}
