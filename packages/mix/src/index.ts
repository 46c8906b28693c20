export {
  type CreatedSincePage,
  MixClient,
  type MixClientOptions,
  type MixClientStats,
  type MixEntity,
} from './client';
export {
  type ConnectorDeps,
  type ConnectorOptions,
  createMixClient,
  credentialStore,
  mixUsageKey,
} from './connector';
export {
  type EtlBudget,
  type EtlJobQueue,
  type EtlJobStatus,
  type EtlRun,
  EtlService,
} from './console/etl.service';
export {
  CredentialStore,
  type CredentialsInput,
  type CredentialsSource,
  type CredentialsView,
  fingerprintOf,
  type MixCredentials,
} from './credentials';
export { formatSinceToken, parseMixDate, sinceTokenTime } from './dates';
export { type MixAccount, mixEnvFor } from './demo-env';
export { MixError, MixNotConfiguredError, SinceTokenTooOldError } from './errors';
export { type EventsJobOptions, type PageReport, type RunReport, runMixEvents } from './ingest/events-job';
export {
  mixDeviceIdentifier,
  type PositionsSink,
  positionsStream,
  runMixPositions,
} from './ingest/positions-job';
export { type EtlJobName, RunsRepository, type RunTrigger } from './ingest/runs.repository';
export {
  backfillStartMs,
  type CreatedSinceStream,
  runCreatedSince,
  type StreamJobOptions,
} from './ingest/stream-job';
export { runMixSync } from './ingest/sync-job';
export { insertMixTrips, type MixTripRow, runMixTrips, toTripRow, tripsStream } from './ingest/trips-job';
export { int64ArrayJson, parseInt64Json } from './int64-json';
export {
  type AcquireOptions,
  type MinuteUsage,
  type RateLimiterOptions,
  RedisRateLimiter,
  readUsage,
} from './rate-limiter';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export { SecretBox } from './secret-box';
export { MIX_SCOPE, MixTokens } from './tokens';
