import { type Parsed, parseValue } from './parse';
import { renamedVariables, type VarName, variables } from './schema';

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
  api: {
    host: string;
    port: number;
    /** Addresses whose X-Forwarded-For is believed (proxy-addr syntax: IPs, CIDRs, `loopback`). */
    trustedProxies: string[];
    /** Serve /docs and /metrics; closed by default in production. */
    exposeDocs: boolean;
    exposeMetrics: boolean;
  };
  web: { port: number; origin: string };
  ports: { osmand: number; teltonika: number; gt06: number; h02: number; suntech: number; queclink: number };
  /** UDP ports of the protocols devices also send over UDP; absent means that port is off. */
  udpPorts: { teltonika?: number; h02?: number; suntech?: number; queclink?: number };
  /** Limits of every UDP port: datagram size, datagrams per second from one source address. */
  udp: { maxDatagramBytes: number; perAddressPerSecond: number };
  /** Minutes GT06 device clocks run ahead of UTC when their login does not say (0: UTC). */
  gt06ClockOffsetMinutes: number;
  /** Caps of the device ports (OsmAnd, Teltonika): every socket is a file descriptor of the worker. */
  listeners: { maxConnections: number; maxConnectionsPerAddress: number; handshakeTimeoutSeconds: number };
  /** Remote commands: how often listeners look for due work, how long a device has to answer. */
  commands: { pollSeconds: number; answerTimeoutSeconds: number };
  /** Fix times accepted on every ingest path: from Jan 1 of that year to that many hours ahead. */
  ingest: { earliestFixYear: number; maxFixAheadHours: number };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    /** How long a verified session check is reused in process (changes reach it at once by NOTIFY). */
    sessionCacheSeconds: number;
    refreshTokenTtlDays: number;
    invitationTtlHours: number;
    selfRegistration: boolean;
    loginMaxFailures: number;
    loginWindowSeconds: number;
  };
  credentialsKey: string;
  /** Outgoing e-mail (invitations); without a URL nothing is sent and the web app shows the link. */
  smtp: { url?: string; from: string };
  /** Uploads one user may have stored and not yet imported. */
  imports: { maxStoredPerUser: number };
  positionTtlSeconds: number;
  /** IANA zone of the company's days (daily summaries of trips). */
  companyTimeZone: string;
  /** Alert deliveries: tries (exponential backoff from the delay), webhook timeout, parallel sends. */
  alerts: {
    deliveryAttempts: number;
    retryDelayMs: number;
    webhookTimeoutMs: number;
    deliveryConcurrency: number;
  };
  /**
   * A device without a fix for this long is offline (devices page and API, `device.offline` event),
   * unless it has a timeout of its own. DEVICE_OFFLINE_AFTER_SECONDS, formerly DEVICE_ONLINE_SECONDS.
   */
  deviceOfflineAfterSeconds: number;
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
    tripsCron: string;
    liveReservePerMinute: number;
    /** How far back a first connection (and a console recovery) may reach, in days (MiX keeps 7). */
    backfillDays: number;
  };
  /** `npm start`: days of history the demo seeds on its first start (0: none). */
  demo: { historyDays: number };
}

/** Reads and validates the whole environment once; throws ConfigError listing every invalid variable. */
export function loadConfig(given: Record<string, string | undefined>): Readonly<Config> {
  const problems: string[] = [];
  const env = { ...given };
  const formerly: Partial<Record<VarName, string>> = {};
  for (const [old, name] of Object.entries(renamedVariables))
    if ((env[name] ?? '') === '' && (env[old] ?? '') !== '') {
      env[name] = env[old];
      formerly[name] = old;
    }
  const v = {} as Record<VarName, Parsed>;
  const production = env.NODE_ENV === 'production';
  for (const [name, spec] of Object.entries(variables) as [VarName, (typeof variables)[VarName]][]) {
    const { value, error } = parseValue(env[name], spec.type);
    const label = formerly[name] ? `${name} (set by its former name ${formerly[name]})` : name;
    if (error) problems.push(`${label} ${error}${'secret' in spec ? '' : ` (got "${env[name]}")`}`);
    else if (value === undefined && 'requiredInProduction' in spec)
      problems.push(
        `${name} is required${production ? ' in production' : ' (npm start sets it for a local demo)'}`,
      );
    v[name] = value;
  }
  if (v.EVENT_LOG === 'nats' && !v.NATS_URL) problems.push('NATS_URL is required when EVENT_LOG=nats');
  if (v.EVENT_LOG === 'kafka' && !v.KAFKA_BROKERS)
    problems.push('KAFKA_BROKERS is required when EVENT_LOG=kafka');
  if (typeof v.COMPANY_TIME_ZONE === 'string' && !isTimeZone(v.COMPANY_TIME_ZONE))
    problems.push(
      `COMPANY_TIME_ZONE must be an IANA time zone such as America/Sao_Paulo (got "${v.COMPANY_TIME_ZONE}")`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(build(v));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
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
    api: {
      host: s('API_HOST'),
      port: i('API_PORT'),
      trustedProxies: s('TRUSTED_PROXIES')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
      exposeDocs: (v.EXPOSE_DOCS as boolean | undefined) ?? v.NODE_ENV !== 'production',
      exposeMetrics: (v.EXPOSE_METRICS as boolean | undefined) ?? v.NODE_ENV !== 'production',
    },
    web: { port: i('WEB_PORT'), origin: s('WEB_ORIGIN') },
    ports: {
      osmand: i('OSMAND_PORT'),
      teltonika: i('TELTONIKA_PORT'),
      gt06: i('GT06_PORT'),
      h02: i('H02_PORT'),
      suntech: i('SUNTECH_PORT'),
      queclink: i('QUECLINK_PORT'),
    },
    udpPorts: {
      teltonika: v.TELTONIKA_UDP_PORT as number | undefined,
      h02: v.H02_UDP_PORT as number | undefined,
      suntech: v.SUNTECH_UDP_PORT as number | undefined,
      queclink: v.QUECLINK_UDP_PORT as number | undefined,
    },
    udp: {
      maxDatagramBytes: i('LISTENER_UDP_MAX_DATAGRAM_BYTES'),
      perAddressPerSecond: i('LISTENER_UDP_DATAGRAMS_PER_SECOND'),
    },
    gt06ClockOffsetMinutes: i('GT06_CLOCK_OFFSET_MINUTES'),
    listeners: {
      maxConnections: i('LISTENER_MAX_CONNECTIONS'),
      maxConnectionsPerAddress: i('LISTENER_MAX_CONNECTIONS_PER_ADDRESS'),
      handshakeTimeoutSeconds: i('LISTENER_HANDSHAKE_TIMEOUT_SECONDS'),
    },
    commands: {
      pollSeconds: i('COMMANDS_POLL_SECONDS'),
      answerTimeoutSeconds: i('COMMANDS_ANSWER_TIMEOUT_SECONDS'),
    },
    ingest: {
      earliestFixYear: i('INGEST_EARLIEST_FIX_YEAR'),
      maxFixAheadHours: i('INGEST_MAX_FIX_AHEAD_HOURS'),
    },
    auth: {
      jwtSecret: s('JWT_SECRET'),
      accessTokenTtlSeconds: i('ACCESS_TOKEN_TTL_SECONDS'),
      sessionCacheSeconds: i('SESSION_CACHE_SECONDS'),
      refreshTokenTtlDays: i('REFRESH_TOKEN_TTL_DAYS'),
      invitationTtlHours: i('INVITATION_TTL_HOURS'),
      selfRegistration: v.SELF_REGISTRATION as boolean,
      loginMaxFailures: i('LOGIN_MAX_FAILURES'),
      loginWindowSeconds: i('LOGIN_WINDOW_SECONDS'),
    },
    credentialsKey: s('CREDENTIALS_KEY'),
    smtp: { url: o('SMTP_URL'), from: s('SMTP_FROM') },
    imports: { maxStoredPerUser: i('IMPORT_MAX_STORED_PER_USER') },
    positionTtlSeconds: i('POSITION_TTL_SECONDS'),
    companyTimeZone: s('COMPANY_TIME_ZONE'),
    alerts: {
      deliveryAttempts: i('ALERT_DELIVERY_ATTEMPTS'),
      retryDelayMs: i('ALERT_RETRY_DELAY_MS'),
      webhookTimeoutMs: i('ALERT_WEBHOOK_TIMEOUT_MS'),
      deliveryConcurrency: i('ALERT_DELIVERY_CONCURRENCY'),
    },
    deviceOfflineAfterSeconds: i('DEVICE_OFFLINE_AFTER_SECONDS'),
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
      tripsCron: s('MIX_TRIPS_CRON'),
      liveReservePerMinute: i('MIX_LIVE_RESERVE_PER_MINUTE'),
      backfillDays: i('MIX_BACKFILL_DAYS'),
    },
    demo: { historyDays: i('DEMO_HISTORY_DAYS') },
  };
}
