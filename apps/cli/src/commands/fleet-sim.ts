import { createSql } from '@pioneira/db';
import {
  apiProvisioner,
  type FleetStats,
  type ProtocolMix,
  type Provisioner,
  SIM_PROTOCOLS,
  sqlProvisioner,
  startFleetSim,
} from '@pioneira/fleet-sim';
import { options, UsageError } from '../args';
import { environment, untilSignal } from '../env';
import type { Command } from './index';

const USAGE = `fleet-sim [--devices 200] [--interval 5] [--seed 1] [--api URL] [--osmand URL] [--teltonika HOST:PORT]
               [--mix osmand=4,json=3,teltonika=3,gt06=1,h02=1,suntech=1,queclink=1] [--provision sql|api|none] [--token JWT]
  GT06, H02, Suntech and Queclink devices report to the host of --teltonika on GT06_PORT, H02_PORT,
  SUNTECH_PORT and QUECLINK_PORT (defaults 5023, 5013, 5011, 5004).`;
const STATS_EVERY_MS = 30_000;

/**
 * The fleet simulator as a device-side client of a running platform. It needs only where to send
 * (flags, defaulting to API_PORT / OSMAND_PORT / TELTONIKA_PORT on this host) and, to register its
 * devices, DATABASE_URL (`--provision sql`) or a manager's access token (`--provision api --token`).
 */
export const fleetSim: Command = {
  summary: 'simulated devices driving São Paulo over OsmAnd, JSON and Teltonika (fleet-sim --help)',
  async run(args, processEnv) {
    const env = environment(processEnv);
    const { values } = options(args, {
      devices: { type: 'string' },
      interval: { type: 'string' },
      seed: { type: 'string' },
      api: { type: 'string' },
      osmand: { type: 'string' },
      teltonika: { type: 'string' },
      mix: { type: 'string' },
      provision: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(`Usage: pioneira ${USAGE}`);
      return;
    }
    const apiUrl = values.api ?? `http://127.0.0.1:${port(env.API_PORT, 3001, 'API_PORT')}`;
    const [teltonikaHost, teltonikaPort] = hostPort(
      values.teltonika ?? `127.0.0.1:${port(env.TELTONIKA_PORT, 5027, 'TELTONIKA_PORT')}`,
    );
    const osmandUrl = values.osmand ?? `http://127.0.0.1:${port(env.OSMAND_PORT, 5055, 'OSMAND_PORT')}`;
    const mode = values.provision ?? (values.token ? 'api' : env.DATABASE_URL ? 'sql' : 'none');
    const sql =
      mode === 'sql' ? createSql(required(env.DATABASE_URL, 'DATABASE_URL'), { max: 2 }) : undefined;
    const log = (line: string) => console.log(`[fleet-sim] ${line}`);
    let fleet: Awaited<ReturnType<typeof startFleetSim>>;
    try {
      fleet = await startFleetSim({
        apiUrl,
        osmandUrl,
        teltonikaHost,
        teltonikaPort,
        trackerPorts: {
          gt06: port(env.GT06_PORT, 5023, 'GT06_PORT'),
          h02: port(env.H02_PORT, 5013, 'H02_PORT'),
          suntech: port(env.SUNTECH_PORT, 5011, 'SUNTECH_PORT'),
          queclink: port(env.QUECLINK_PORT, 5004, 'QUECLINK_PORT'),
        },
        devices: number(values.devices ?? '200', 'devices', 1, 100_000),
        intervalMs: number(values.interval ?? '5', 'interval', 1, 3600) * 1000,
        seed: number(values.seed ?? '1', 'seed', 0, 2 ** 32 - 1),
        protocols: values.mix ? protocolMix(values.mix) : undefined,
        provision: provisioner(mode, sql, apiUrl, values.token),
        log,
      });
    } finally {
      await sql?.end(); // only provisioning needed the database
    }
    log(
      `reporting to ${apiUrl} (JSON), ${osmandUrl} (OsmAnd), ${teltonikaHost}:${teltonikaPort} (Teltonika); Ctrl-C stops`,
    );
    const timer = setInterval(() => log(summary(fleet.stats())), STATS_EVERY_MS);
    await untilSignal();
    clearInterval(timer);
    log('stopping: sending what is buffered…');
    log(summary(await fleet.stop()));
  },
};

function provisioner(
  mode: string,
  sql: ReturnType<typeof createSql> | undefined,
  apiUrl: string,
  token: string | undefined,
): Provisioner | undefined {
  if (mode === 'sql' && sql) return sqlProvisioner(sql);
  if (mode === 'api') return apiProvisioner({ apiUrl, accessToken: required(token, '--token') });
  if (mode === 'none') return undefined;
  throw new UsageError(`--provision must be sql, api or none (got "${mode}")`);
}

function summary(stats: FleetStats): string {
  return ([...SIM_PROTOCOLS, 'total'] as const)
    .filter((p) => p === 'total' || stats[p].sent > 0 || stats[p].queued > 0)
    .map((p) => {
      const s = stats[p];
      return `${p}: ${s.acked}/${s.sent} acked, ${s.retried} resent, ${s.failed} failed, ${s.queued} queued`;
    })
    .join(' · ');
}

function protocolMix(text: string): ProtocolMix {
  const mix: ProtocolMix = {};
  for (const part of text.split(',')) {
    const [name, weight] = part.split('=').map((s) => s.trim());
    if (!name || !SIM_PROTOCOLS.includes(name as never) || weight === undefined)
      throw new UsageError(
        `--mix takes protocol=weight pairs of ${SIM_PROTOCOLS.join(', ')} (got "${part}")`,
      );
    mix[name as keyof ProtocolMix] = number(weight, `--mix ${name}`, 0, 1000);
  }
  return mix;
}

function number(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new UsageError(`${name} must be a number from ${min} to ${max} (got "${text}")`);
  return value;
}

const port = (text: string | undefined, fallback: number, name: string) =>
  text === undefined || text === '' ? fallback : number(text, name, 1, 65535);

function hostPort(text: string): [string, number] {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--teltonika takes HOST:PORT (got "${text}")`);
  return [text.slice(0, at), number(text.slice(at + 1), '--teltonika port', 1, 65535)];
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new UsageError(`${name} is needed for this provisioning mode (or pass --provision none)`);
  return value;
}
