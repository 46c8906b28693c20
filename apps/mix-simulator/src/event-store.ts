/** One event as stored: its creation instant (the since-token cursor) and its wire JSON. */
export interface StoredEvent {
  createdMs: number;
  /** Insertion order, to keep events of the same millisecond in a stable order. */
  seq: number;
  eventId: bigint;
  assetId: bigint;
  assetSiteId: bigint;
  driverId: bigint;
  driverSiteId: bigint;
  eventTypeId: bigint;
  /** Pre-serialised so a 1000-event page is one join, not 1000 object walks. */
  json: string;
}

export interface Page {
  events: StoredEvent[];
  hasMore: boolean;
}

/**
 * Events ordered by creation time, paged by a millisecond cursor. Two rules keep paging exact
 * even though many events can share one millisecond and the cursor cannot say "half of it":
 * a page never ends in the middle of a millisecond (it overshoots instead, as MiX warns it may),
 * and only events created before the current millisecond are visible, so nothing can later
 * appear at or before a cursor that was already handed out.
 */
export class EventStore {
  private readonly events: StoredEvent[] = [];
  /** Ids of events dropped by `prune`, still part of the ground truth. */
  private readonly prunedIds: string[] = [];
  private seq = 0;
  /** Highest cursor handed out; new events are never created at or before it. */
  private issuedFloorMs = 0;

  get size(): number {
    return this.events.length;
  }

  nextSeq(): number {
    return this.seq++;
  }

  /** Earliest creation time a new event may have without being hidden behind an issued cursor. */
  earliestCreatableMs(): number {
    return this.issuedFloorMs + 1;
  }

  recordIssuedCursor(ms: number): void {
    if (ms > this.issuedFloorMs) this.issuedFloorMs = ms;
  }

  insert(batch: StoredEvent[]): void {
    if (batch.length === 0) return;
    const last = this.events[this.events.length - 1];
    const inOrder = batch.every((e, i) => i === 0 || compare(batch[i - 1], e) <= 0);
    this.events.push(...batch);
    if (!inOrder || (last !== undefined && compare(last, batch[0]) > 0)) this.events.sort(compare);
  }

  allIds(): string[] {
    return [...this.prunedIds, ...this.events.map((e) => e.eventId.toString())];
  }

  /** Drops events created before `beforeMs` (no valid since token reaches them), keeping their ids. */
  prune(beforeMs: number): void {
    const end = this.firstIndexAtOrAfter(beforeMs);
    if (end === 0) return;
    for (const event of this.events.splice(0, end)) this.prunedIds.push(event.eventId.toString());
  }

  /**
   * Up to `quantity` matching events created after `afterMs` and before `nowMs`, completed to the
   * end of the last event's millisecond.
   */
  page(afterMs: number, quantity: number, nowMs: number, matches: (e: StoredEvent) => boolean): Page {
    const visibleEnd = this.firstIndexAtOrAfter(nowMs);
    const events: StoredEvent[] = [];
    let i = this.firstIndexAtOrAfter(afterMs + 1);
    for (; i < visibleEnd && events.length < quantity; i++) {
      if (matches(this.events[i])) events.push(this.events[i]);
    }
    const lastMs = events.length > 0 ? events[events.length - 1].createdMs : undefined;
    for (; i < visibleEnd && this.events[i].createdMs === lastMs; i++) {
      if (matches(this.events[i])) events.push(this.events[i]);
    }
    let hasMore = false;
    for (; i < visibleEnd && !hasMore; i++) hasMore = matches(this.events[i]);
    return { events, hasMore };
  }

  /** The last matching event created exactly at `ms` (for the duplicate-across-pages fault). */
  lastAt(ms: number, matches: (e: StoredEvent) => boolean): StoredEvent | undefined {
    for (let i = this.firstIndexAtOrAfter(ms + 1) - 1; i >= 0 && this.events[i].createdMs === ms; i--) {
      if (matches(this.events[i])) return this.events[i];
    }
    return undefined;
  }

  private firstIndexAtOrAfter(ms: number): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.events[mid].createdMs < ms) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function compare(a: StoredEvent, b: StoredEvent): number {
  return a.createdMs - b.createdMs || a.seq - b.seq;
}
