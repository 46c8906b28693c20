/** Fault injection, changeable at runtime with `setFaults` or `POST /__sim/faults`. */
export interface MixFaults {
  /** Fraction (0..1) of requests answered with a 5xx instead of being served. */
  serverErrorRate: number;
  /** Delay added before every request is handled (a large value makes client timeouts happen). */
  latencyMs: number;
  /** Fraction (0..1) of requests whose TCP connection is destroyed without an answer. */
  connectionResetRate: number;
  /** Seconds, from when it is set, during which every API request gets 429 (0 = off). */
  rateLimitStorm: number;
  /** One-shot: when set true, every access token issued so far expires at once (flag resets). */
  expireTokensNow: boolean;
  /** Lifetime in seconds of newly issued access tokens, overriding the option (null = option). */
  tokenLifetime: number | null;
  /** One-shot: when set true, every refresh token issued so far is revoked (flag resets). */
  revokeRefreshTokens: boolean;
  /** When on, each created-since page starts with the last event of the previous page again. */
  duplicateAcrossPages: boolean;
}

export interface MixSimulatorOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** The organisation's GroupId: a signed 64-bit integer, negative and 19 digits by default. */
  organisationId: bigint | string;
  organisationName: string;
  /** Same seed, same fleet, same event ids for the same sequence of generation calls. */
  seed: string;
  drivers: number;
  vehicles: number;
  /** Events created per minute by a timer while the server listens (0 disables). */
  eventsPerMinute: number;
  /** Events created at start-up, spread over the hour before it (a backlog for demos). */
  backlog: number;
  /** Days of event history before start, shaped by weekday and hour (0 = none; at most 7 are served). */
  historyDays: number;
  /** Events per average day of that history. */
  historyEventsPerDay: number;
  /**
   * Days of drive history (positions every 30 s, their trips and an event on each): kept shorter
   * than the event history, because 30-s positions of a whole fleet take long to page at 20 req/min.
   */
  positionHistoryDays: number;
  /** Local time of the fleet for the history's shape, hours from UTC (Brazil: -3). */
  timeZoneOffsetHours: number;
  /** A JSON file keeping the simulator's clock across restarts (null = start afresh each time). */
  stateFile: string | null;
  /** Vehicles driving while the server listens, each reporting a position every 30 s (0 disables). */
  drivingVehicles: number;
  tokenLifetimeSeconds: number;
  /** Requests per minute per credential on the API routes (0 disables). */
  rateLimitPerMinute: number;
  /** Largest `quantity` honoured; larger values are clamped. */
  maxQuantity: number;
  /** Up to this many extra items per page ("server-side quantisation"). */
  overshoot: number;
  /** Serve `/__sim/*` (ground truth, faults, backlog); turn off for a production-like server. */
  controlEndpoints: boolean;
  faults: Partial<MixFaults>;
  /** Fastify logger on/off (off in tests). */
  logger: boolean;
}

export const DEFAULT_FAULTS: MixFaults = {
  serverErrorRate: 0,
  latencyMs: 0,
  connectionResetRate: 0,
  rateLimitStorm: 0,
  expireTokensNow: false,
  tokenLifetime: null,
  revokeRefreshTokens: false,
  duplicateAcrossPages: false,
};

export const DEFAULT_OPTIONS: MixSimulatorOptions = {
  clientId: 'pioneira-demo',
  clientSecret: 'pioneira-demo-secret',
  username: 'demo@pioneira.dev',
  password: 'pioneira-demo',
  organisationId: -7146512584512096534n,
  organisationName: 'Pioneira Transportes (demo)',
  seed: 'pioneira',
  drivers: 60,
  vehicles: 40,
  eventsPerMinute: 120,
  backlog: 0,
  drivingVehicles: 10,
  historyDays: 0,
  historyEventsPerDay: 2000,
  positionHistoryDays: 0,
  timeZoneOffsetHours: -3,
  stateFile: null,
  tokenLifetimeSeconds: 3600,
  rateLimitPerMinute: 20,
  maxQuantity: 1000,
  overshoot: 3,
  controlEndpoints: true,
  faults: {},
  logger: false,
};
