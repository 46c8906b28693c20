import type { EventGenerator } from './event-generator';
import type { EventStore, StoredEvent } from './event-store';
import type { FaultInjector } from './faults';
import type { Fleet, MixGroup } from './fleet';
import type { MixSimulatorOptions } from './options';
import type { Random } from './random';
import type { SlidingWindowLimiter } from './rate-limit';
import type { TokenStore } from './tokens';

export type ResolvedOptions = Readonly<
  Omit<MixSimulatorOptions, 'organisationId'> & { organisationId: bigint }
>;

/** Everything the routes share; built once per simulator. */
export interface SimulatorContext {
  options: ResolvedOptions;
  fleet: Fleet;
  /** The organisation and its sites, by GroupId. */
  groups: Map<bigint, MixGroup>;
  store: EventStore;
  /** The positions created-since stream: same paging rules, items are positions. */
  positions: EventStore;
  /** The trips created-since stream, with their sub-trips (`includeSubTrips=True`). */
  trips: EventStore;
  /** The same trips without SubTrips (`includeSubTrips=False` or absent); same cursor times. */
  tripsWithoutSubTrips: EventStore;
  generator: EventGenerator;
  tokens: TokenStore;
  faults: FaultInjector;
  limiter: SlidingWindowLimiter;
  /** Picks page overshoot; seeded so runs repeat. */
  pagingRandom: Random;
  /** Creates `count` events whose creation times end at `endMs` (default now). */
  generate(count: number, endMs?: number): StoredEvent[];
  /** Aborted on close, so injected delays do not hold the process open. */
  closing: AbortSignal;
}
