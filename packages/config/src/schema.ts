/**
 * Every environment variable Pioneira reads, with its default and how it is checked.
 * `.env.example` documents the same list for people.
 */
export type VarKind =
  | { kind: 'string'; default?: string; minLength?: number }
  | { kind: 'url'; default?: string; protocols: string[] }
  | { kind: 'int'; default?: number; min: number; max: number }
  | { kind: 'bool'; default?: boolean }
  | { kind: 'enum'; default?: string; values: readonly string[] };

export interface VarSpec {
  type: VarKind;
  /** Required when NODE_ENV=production (secrets have no defaults there). */
  requiredInProduction?: boolean;
  /** Never printed in errors or logs. */
  secret?: boolean;
}

export const variables = {
  NODE_ENV: { type: { kind: 'enum', default: 'development', values: ['development', 'production', 'test'] } },
  LOG_LEVEL: {
    type: {
      kind: 'enum',
      default: 'info',
      values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    },
  },
  DATABASE_URL: {
    type: { kind: 'url', protocols: ['postgres:', 'postgresql:'] },
    requiredInProduction: true,
  },
  DATABASE_POOL_SIZE: { type: { kind: 'int', default: 10, min: 1, max: 200 } },
  REDIS_URL: { type: { kind: 'url', protocols: ['redis:', 'rediss:'] }, requiredInProduction: true },
  REDIS_PREFIX: { type: { kind: 'string', default: 'pioneira', minLength: 1 } },
  EVENT_LOG: { type: { kind: 'enum', default: 'redis', values: ['redis', 'nats', 'kafka'] } },
  EVENT_LOG_RETENTION_HOURS: { type: { kind: 'int', default: 168, min: 1, max: 24 * 365 } },
  NATS_URL: { type: { kind: 'url', protocols: ['nats:', 'tls:'] } },
  KAFKA_BROKERS: { type: { kind: 'string' } },
  MQTT_URL: { type: { kind: 'url', protocols: ['mqtt:', 'mqtts:', 'ws:', 'wss:'] } },
  API_HOST: { type: { kind: 'string', default: '127.0.0.1' } },
  API_PORT: { type: { kind: 'int', default: 3001, min: 0, max: 65535 } },
  TRUSTED_PROXIES: { type: { kind: 'string', default: 'loopback' } },
  EXPOSE_DOCS: { type: { kind: 'bool' } },
  EXPOSE_METRICS: { type: { kind: 'bool' } },
  WEB_PORT: { type: { kind: 'int', default: 3000, min: 0, max: 65535 } },
  WEB_ORIGIN: { type: { kind: 'url', default: 'http://localhost:3000', protocols: ['http:', 'https:'] } },
  OSMAND_PORT: { type: { kind: 'int', default: 5055, min: 0, max: 65535 } },
  TELTONIKA_PORT: { type: { kind: 'int', default: 5027, min: 0, max: 65535 } },
  GT06_PORT: { type: { kind: 'int', default: 5023, min: 0, max: 65535 } },
  H02_PORT: { type: { kind: 'int', default: 5013, min: 0, max: 65535 } },
  SUNTECH_PORT: { type: { kind: 'int', default: 5011, min: 0, max: 65535 } },
  QUECLINK_PORT: { type: { kind: 'int', default: 5004, min: 0, max: 65535 } },
  // UDP ports are off unless set (0: any free port, for tests); devices send the same data as on TCP.
  TELTONIKA_UDP_PORT: { type: { kind: 'int', min: 0, max: 65535 } },
  H02_UDP_PORT: { type: { kind: 'int', min: 0, max: 65535 } },
  SUNTECH_UDP_PORT: { type: { kind: 'int', min: 0, max: 65535 } },
  QUECLINK_UDP_PORT: { type: { kind: 'int', min: 0, max: 65535 } },
  LISTENER_UDP_MAX_DATAGRAM_BYTES: { type: { kind: 'int', default: 4096, min: 512, max: 65_507 } },
  LISTENER_UDP_DATAGRAMS_PER_SECOND: { type: { kind: 'int', default: 200, min: 1, max: 1_000_000 } },
  GT06_CLOCK_OFFSET_MINUTES: { type: { kind: 'int', default: 0, min: -720, max: 840 } },
  LISTENER_MAX_CONNECTIONS: { type: { kind: 'int', default: 5000, min: 1, max: 1_000_000 } },
  LISTENER_MAX_CONNECTIONS_PER_ADDRESS: { type: { kind: 'int', default: 1000, min: 1, max: 1_000_000 } },
  LISTENER_HANDSHAKE_TIMEOUT_SECONDS: { type: { kind: 'int', default: 10, min: 1, max: 600 } },
  COMMANDS_POLL_SECONDS: { type: { kind: 'int', default: 5, min: 1, max: 3600 } },
  COMMANDS_ANSWER_TIMEOUT_SECONDS: { type: { kind: 'int', default: 120, min: 5, max: 86_400 } },
  INGEST_EARLIEST_FIX_YEAR: { type: { kind: 'int', default: 2000, min: 2000, max: 2100 } },
  INGEST_MAX_FIX_AHEAD_HOURS: { type: { kind: 'int', default: 24, min: 0, max: 24 } },
  JWT_SECRET: { type: { kind: 'string', minLength: 32 }, requiredInProduction: true, secret: true },
  CREDENTIALS_KEY: { type: { kind: 'string', minLength: 32 }, requiredInProduction: true, secret: true },
  ACCESS_TOKEN_TTL_SECONDS: { type: { kind: 'int', default: 900, min: 30, max: 86400 } },
  SESSION_CACHE_SECONDS: { type: { kind: 'int', default: 10, min: 0, max: 300 } },
  REFRESH_TOKEN_TTL_DAYS: { type: { kind: 'int', default: 30, min: 1, max: 365 } },
  INVITATION_TTL_HOURS: { type: { kind: 'int', default: 72, min: 1, max: 24 * 90 } },
  SELF_REGISTRATION: { type: { kind: 'bool', default: false } },
  SMTP_URL: { type: { kind: 'url', protocols: ['smtp:', 'smtps:'] }, secret: true },
  SMTP_FROM: { type: { kind: 'string', default: 'Pioneira <no-reply@localhost>', minLength: 3 } },
  LOGIN_MAX_FAILURES: { type: { kind: 'int', default: 5, min: 1, max: 1000 } },
  LOGIN_WINDOW_SECONDS: { type: { kind: 'int', default: 900, min: 1, max: 86400 } },
  IMPORT_MAX_STORED_PER_USER: { type: { kind: 'int', default: 5, min: 1, max: 1000 } },
  POSITION_TTL_SECONDS: { type: { kind: 'int', default: 3600, min: 1, max: 30 * 86400 } },
  COMPANY_TIME_ZONE: { type: { kind: 'string', default: 'America/Sao_Paulo', minLength: 1 } },
  ALERT_DELIVERY_ATTEMPTS: { type: { kind: 'int', default: 8, min: 1, max: 50 } },
  ALERT_RETRY_DELAY_MS: { type: { kind: 'int', default: 5000, min: 10, max: 3_600_000 } },
  ALERT_WEBHOOK_TIMEOUT_MS: { type: { kind: 'int', default: 10_000, min: 100, max: 120_000 } },
  ALERT_DELIVERY_CONCURRENCY: { type: { kind: 'int', default: 20, min: 1, max: 1000 } },
  DEVICE_OFFLINE_AFTER_SECONDS: { type: { kind: 'int', default: 1800, min: 60, max: 7 * 86400 } },
  MIX_IDENTITY_URL: { type: { kind: 'url', protocols: ['http:', 'https:'] } },
  MIX_API_URL: { type: { kind: 'url', protocols: ['http:', 'https:'] } },
  MIX_CLIENT_ID: { type: { kind: 'string' } },
  MIX_CLIENT_SECRET: { type: { kind: 'string' }, secret: true },
  MIX_USERNAME: { type: { kind: 'string' } },
  MIX_PASSWORD: { type: { kind: 'string' }, secret: true },
  MIX_ORGANISATION_ID: { type: { kind: 'string' } },
  MIX_RATE_LIMIT_PER_MINUTE: { type: { kind: 'int', default: 20, min: 1, max: 100000 } },
  MIX_EVENTS_CRON: { type: { kind: 'string', default: '* * * * *' } },
  MIX_SYNC_CRON: { type: { kind: 'string', default: '0 3 * * *' } },
  MIX_POSITIONS_CRON: { type: { kind: 'string', default: '* * * * *' } },
  MIX_TRIPS_CRON: { type: { kind: 'string', default: '* * * * *' } },
  MIX_LIVE_RESERVE_PER_MINUTE: { type: { kind: 'int', default: 5, min: 0, max: 100000 } },
  MIX_BACKFILL_DAYS: { type: { kind: 'int', default: 7, min: 1, max: 7 } },
  DEMO_HISTORY_DAYS: { type: { kind: 'int', default: 90, min: 0, max: 365 } },
} satisfies Record<string, VarSpec>;

export type VarName = keyof typeof variables;

/**
 * Former names still read when the new one is not set: each maps to the variable that replaced it.
 * DEVICE_ONLINE_SECONDS was the devices page's own threshold; one timeout now serves the page, the
 * API and the `device.offline` event.
 */
export const renamedVariables: Readonly<Record<string, VarName>> = {
  DEVICE_ONLINE_SECONDS: 'DEVICE_OFFLINE_AFTER_SECONDS',
};
