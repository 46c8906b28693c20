import { type Parsed, parseValue } from './parse';
import { type VarName, variables } from './schema';

/** Raised at boot when the environment is invalid; the message lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix the environment (or .env) and start again; .env.example documents every variable.`,
    );
    this.name = 'ConfigError';
  }
}

export interface Config {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  redisPrefix: string;
  eventLog: {
    kind: 'redis' | 'nats' | 'kafka';
    retentionHours: number;
    natsUrl?: string;
    kafkaBrokers?: string[];
  };
  mqttUrl?: string;
  api: { host: string; port: number };
  web: { port: number; origin: string };
  ports: { osmand: number; teltonika: number };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    invitationTtlHours: number;
    selfRegistration: boolean;
    loginMaxFailures: number;
    loginWindowSeconds: number;
  };
  credentialsKey: string;
  positionTtlSeconds: number;
  mix: {
    identityUrl?: string;
    apiUrl?: string;
    clientId?: string;
    clientSecret?: string;
    username?: string;
    password?: string;
    organisationId?: string;
    rateLimitPerMinute: number;
    eventsCron: string;
    syncCron: string;
    positionsCron: string;
    /** How far back a first connection (and a console recovery) may reach, in days (MiX keeps 7). */
    backfillDays: number;
  };
}

/** Reads and validates the whole environment once; throws ConfigError listing every invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const problems: string[] = [];
  const v = {} as Record<VarName, Parsed>;
  const production = env.NODE_ENV === 'production';
  for (const [name, spec] of Object.entries(variables) as [VarName, (typeof variables)[VarName]][]) {
    const { value, error } = parseValue(env[name], spec.type);
    if (error) problems.push(`${name} ${error}${'secret' in spec ? '' : ` (got "${env[name]}")`}`);
    else if (value === undefined && 'requiredInProduction' in spec)
      problems.push(
        `${name} is required${production ? ' in production' : ' (npm start sets it for a local demo)'}`,
      );
    v[name] = value;
  }
  if (v.EVENT_LOG === 'nats' && !v.NATS_URL) problems.push('NATS_URL is required when EVENT_LOG=nats');
  if (v.EVENT_LOG === 'kafka' && !v.KAFKA_BROKERS)
    problems.push('KAFKA_BROKERS is required when EVENT_LOG=kafka');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(build(v));
}

function build(v: Record<VarName, Parsed>): Config {
  const s = (n: VarName) => v[n] as string;
  const o = (n: VarName) => v[n] as string | undefined;
  const i = (n: VarName) => v[n] as number;
  return {
    env: s('NODE_ENV') as Config['env'],
    logLevel: s('LOG_LEVEL'),
    databaseUrl: s('DATABASE_URL'),
    databasePoolSize: i('DATABASE_POOL_SIZE'),
    redisUrl: s('REDIS_URL'),
    redisPrefix: s('REDIS_PREFIX'),
    eventLog: {
      kind: s('EVENT_LOG') as Config['eventLog']['kind'],
      retentionHours: i('EVENT_LOG_RETENTION_HOURS'),
      natsUrl: o('NATS_URL'),
      kafkaBrokers: o('KAFKA_BROKERS')
        ?.split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    },
    mqttUrl: o('MQTT_URL'),
    api: { host: s('API_HOST'), port: i('API_PORT') },
    web: { port: i('WEB_PORT'), origin: s('WEB_ORIGIN') },
    ports: { osmand: i('OSMAND_PORT'), teltonika: i('TELTONIKA_PORT') },
    auth: {
      jwtSecret: s('JWT_SECRET'),
      accessTokenTtlSeconds: i('ACCESS_TOKEN_TTL_SECONDS'),
      refreshTokenTtlDays: i('REFRESH_TOKEN_TTL_DAYS'),
      invitationTtlHours: i('INVITATION_TTL_HOURS'),
      selfRegistration: v.SELF_REGISTRATION as boolean,
      loginMaxFailures: i('LOGIN_MAX_FAILURES'),
      loginWindowSeconds: i('LOGIN_WINDOW_SECONDS'),
    },
    credentialsKey: s('CREDENTIALS_KEY'),
    positionTtlSeconds: i('POSITION_TTL_SECONDS'),
    mix: {
      identityUrl: o('MIX_IDENTITY_URL'),
      apiUrl: o('MIX_API_URL'),
      clientId: o('MIX_CLIENT_ID'),
      clientSecret: o('MIX_CLIENT_SECRET'),
      username: o('MIX_USERNAME'),
      password: o('MIX_PASSWORD'),
      organisationId: o('MIX_ORGANISATION_ID'),
      rateLimitPerMinute: i('MIX_RATE_LIMIT_PER_MINUTE'),
      eventsCron: s('MIX_EVENTS_CRON'),
      syncCron: s('MIX_SYNC_CRON'),
      positionsCron: s('MIX_POSITIONS_CRON'),
      backfillDays: i('MIX_BACKFILL_DAYS'),
    },
  };
}
