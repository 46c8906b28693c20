import type { SimProtocol } from './fleet';

/** Delivery counters of one protocol, counted in fixes. */
export interface ProtocolStats {
  /** Fixes put on the wire for the first time. */
  sent: number;
  /** Fixes the server acknowledged (stored or recognised as duplicates). */
  acked: number;
  /** Fixes put on the wire again after a 503, a network error or a short Teltonika ACK. */
  retried: number;
  /** Fixes given up: refused (4xx), dropped from a full buffer, or unacknowledged at stop. */
  failed: number;
  /** Fixes waiting in device buffers right now. */
  queued: number;
  /** Connections opened again after one was lost (Teltonika). */
  reconnects: number;
}

export type FleetStats = Record<SimProtocol | 'total', ProtocolStats>;

const empty = (): ProtocolStats => ({ sent: 0, acked: 0, retried: 0, failed: 0, queued: 0, reconnects: 0 });

/** Counters shared by every device of the fleet. */
export class StatsBoard {
  private readonly byProtocol: Record<SimProtocol, ProtocolStats> = {
    osmand: empty(),
    json: empty(),
    teltonika: empty(),
    gt06: empty(),
    h02: empty(),
    suntech: empty(),
    queclink: empty(),
  };

  of(protocol: SimProtocol): ProtocolStats {
    return this.byProtocol[protocol];
  }

  snapshot(): FleetStats {
    const total = empty();
    const copy = {} as Record<SimProtocol, ProtocolStats>;
    for (const [protocol, stats] of Object.entries(this.byProtocol) as [SimProtocol, ProtocolStats][]) {
      copy[protocol] = { ...stats };
      for (const key of Object.keys(total) as (keyof ProtocolStats)[]) total[key] += stats[key];
    }
    return { ...copy, total };
  }
}
