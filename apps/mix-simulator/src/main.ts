import type { MixSimulatorOptions } from './options';
import { createMixSimulator } from './simulator';

/**
 * Standalone entry: `tsx apps/mix-simulator/src/main.ts`. Reads MIX_SIM_* variables, lists every
 * invalid one at once, and shuts down gracefully on SIGINT/SIGTERM.
 */
const env = process.env;
const problems: string[] = [];

function integer(name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    problems.push(`${name}=${raw} must be an integer >= ${min}`);
    return fallback;
  }
  return value;
}

function text(name: string): string | undefined {
  return env[name] === '' ? undefined : env[name];
}

const port = integer('MIX_SIM_PORT', 8090);
const host = text('MIX_SIM_HOST') ?? '127.0.0.1';
const organisationId = text('MIX_SIM_ORGANISATION_ID');
if (organisationId !== undefined && !/^-?\d{1,19}$/.test(organisationId)) {
  problems.push(`MIX_SIM_ORGANISATION_ID=${organisationId} must be a signed 64-bit integer`);
}
const historyDays = integer('MIX_SIM_HISTORY_DAYS', 0);
const options: Partial<MixSimulatorOptions> = {
  clientId: text('MIX_SIM_CLIENT_ID'),
  clientSecret: text('MIX_SIM_CLIENT_SECRET'),
  username: text('MIX_SIM_USERNAME'),
  password: text('MIX_SIM_PASSWORD'),
  organisationId: organisationId && /^-?\d{1,19}$/.test(organisationId) ? organisationId : undefined,
  seed: text('MIX_SIM_SEED'),
  drivers: integer('MIX_SIM_DRIVERS', 60, 1),
  vehicles: integer('MIX_SIM_VEHICLES', 40, 1),
  eventsPerMinute: integer('MIX_SIM_EVENTS_PER_MINUTE', 120),
  drivingVehicles: integer('MIX_SIM_DRIVING_VEHICLES', 10),
  backlog: integer('MIX_SIM_BACKLOG', 0),
  historyDays,
  historyEventsPerDay: integer('MIX_SIM_HISTORY_EVENTS_PER_DAY', 2000),
  // Drives (30-s positions) of a whole fleet are many pages: one day by default when there is history.
  positionHistoryDays: integer('MIX_SIM_POSITION_HISTORY_DAYS', historyDays > 0 ? 1 : 0),
  // The clock continues across restarts (state in .data/) unless MIX_SIM_STATE_FILE=none.
  stateFile:
    env.MIX_SIM_STATE_FILE === 'none'
      ? null
      : (text('MIX_SIM_STATE_FILE') ?? '.data/mix-simulator/state.json'),
  tokenLifetimeSeconds: integer('MIX_SIM_TOKEN_LIFETIME_SECONDS', 3600, 1),
  rateLimitPerMinute: integer('MIX_SIM_RATE_LIMIT_PER_MINUTE', 20),
  controlEndpoints: text('MIX_SIM_CONTROL_ENDPOINTS') !== 'false',
  logger: text('MIX_SIM_LOG') !== 'false',
};
if (problems.length > 0) {
  console.error(`mix-simulator: invalid configuration:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const simulator = await createMixSimulator(options);
const url = await simulator.listen(port, host);
console.log(
  `MiX simulator on ${url} (identity ${url}/core, organisation ${simulator.options.organisationId}, client ${simulator.options.clientId})`,
);

const shutdown = async () => {
  await simulator.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
