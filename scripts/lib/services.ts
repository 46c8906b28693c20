import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startEmbeddedPostgres, startLocalRedis } from '@pioneira/devstack';

export interface TestServices {
  env: Record<string, string>;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/** The services beyond PostgreSQL and Redis that the chosen test files use (a filtered run starts less). */
export interface TestNeeds {
  nats: boolean;
  kafka: boolean;
  mqtt: boolean;
}

/**
 * The real services tests run against: those named by DATABASE_URL / REDIS_URL / NATS_URL /
 * KAFKA_BROKERS / MQTT_URL when set, otherwise private ones started here (embedded PostgreSQL,
 * redis-server, nats-server, a single-node Kafka, mosquitto) in a temp folder — each only when needed.
 */
export async function startTestServices(
  env: NodeJS.ProcessEnv,
  needs: TestNeeds,
  log: Log,
): Promise<TestServices> {
  const dir = mkdtempSync(join(tmpdir(), 'pioneira-test-'));
  // As root, the embedded PostgreSQL runs as the postgres user, who must be able to enter this folder.
  chmodSync(dir, 0o755);
  const stops: Array<() => Promise<void>> = [];
  const out: Record<string, string> = {};
  // The Kafka broker (a JVM) takes seconds to start: it starts alongside the other services.
  const kafka = env.KAFKA_BROKERS || !needs.kafka ? undefined : startKafka(join(dir, 'kafka'), log);
  try {
    if (env.DATABASE_URL) out.TEST_DATABASE_URL = env.DATABASE_URL;
    else {
      log('starting embedded PostgreSQL for the tests…');
      const pg = await startEmbeddedPostgres({
        dataDir: join(dir, 'postgres'),
        port: await freePort(),
        database: 'postgres',
        log,
      });
      stops.push(pg.stop);
      out.TEST_DATABASE_URL = pg.url;
    }
    if (env.REDIS_URL) out.TEST_REDIS_URL = env.REDIS_URL;
    else {
      log('starting a private redis-server for the tests…');
      const redis = await startLocalRedis({
        dataDir: join(dir, 'redis'),
        port: await freePort(),
        persist: false,
        log,
      });
      stops.push(redis.stop);
      out.TEST_REDIS_URL = redis.url;
    }
    if (env.NATS_URL) out.TEST_NATS_URL = env.NATS_URL;
    else if (needs.nats) {
      const nats = await startNats(join(dir, 'nats'), log);
      if (nats) {
        stops.push(nats.stop);
        out.TEST_NATS_URL = nats.url;
      }
    }
    if (env.MQTT_URL) out.TEST_MQTT_URL = env.MQTT_URL;
    else if (needs.mqtt) {
      const mqtt = await startMosquitto(log);
      if (mqtt) {
        stops.push(mqtt.stop);
        out.TEST_MQTT_URL = mqtt.url;
      }
    }
    if (env.KAFKA_BROKERS) out.TEST_KAFKA_BROKERS = env.KAFKA_BROKERS;
    else if (needs.kafka) {
      const broker = await kafka;
      if (broker) {
        stops.push(broker.stop);
        out.TEST_KAFKA_BROKERS = broker.brokers;
      }
    }
  } catch (error) {
    await kafka?.then((broker) => broker?.stop()).catch(() => {});
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
  return {
    env: out,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A server binary from PATH or /usr/sbin, installed with apt-get (as root) when missing. */
function findServer(name: string, versionFlag: string, log: Log): string | undefined {
  const found = () =>
    [name, `/usr/sbin/${name}`, `/usr/bin/${name}`].find(
      (bin) => spawnSync(bin, [versionFlag], { stdio: 'ignore' }).error === undefined,
    );
  const bin = found();
  if (bin || process.getuid?.() !== 0) return bin;
  log(`installing ${name} with apt-get (one time)…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env: aptEnv });
  spawnSync('apt-get', ['install', '-y', '-qq', name], { stdio: 'ignore', env: aptEnv });
  return found();
}

const findNatsServer = (log: Log) => findServer('nats-server', '--version', log);

/** A private mosquitto on a free loopback port (no persistence, anonymous clients). */
async function startMosquitto(log: Log): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  const bin = findServer('mosquitto', '-h', log);
  if (!bin) {
    log('mosquitto is not available: the OwnTracks MQTT tests will fail. Install mosquitto or set MQTT_URL.');
    return undefined;
  }
  const port = await freePort();
  // Without a config file, mosquitto 2 listens on loopback only and allows anonymous clients there.
  const child: ChildProcess = spawn(bin, ['-p', String(port), '-v'], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`mosquitto did not start: ${output.slice(-300)}`)),
      15_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/running/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`mosquitto exited with code ${code}: ${output.slice(-300)}`)),
    );
  });
  child.stderr?.resume();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function startNats(
  storeDir: string,
  log: Log,
): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  const bin = findNatsServer(log);
  if (!bin) {
    log(
      'nats-server is not available: the NATS JetStream tests will fail. Install nats-server or set NATS_URL.',
    );
    return undefined;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`nats-server did not start: ${output.slice(-300)}`)),
      15_000,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`nats-server exited with code ${code}: ${output.slice(-300)}`)),
    );
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * A single-node Apache Kafka (KRaft) for the tests, started by scripts/kafka.sh (JDK and Maven needed; the
 * broker's jars are fetched from Maven Central once and cached in .kafka/). Without Java or Maven it says so
 * and returns undefined: the Kafka tests then fail for want of a broker.
 */
async function startKafka(
  nodeDir: string,
  log: Log,
): Promise<{ brokers: string; stop(): Promise<void> } | undefined> {
  const script = new URL('../kafka.sh', import.meta.url).pathname;
  const missing = ['java', 'mvn'].filter(
    (tool) => spawnSync(tool, ['-version'], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length > 0) {
    log(
      `${missing.join(' and ')} not found: the Kafka tests will fail. Install a JDK 17+ and Maven (apt-get install default-jdk-headless maven) or set KAFKA_BROKERS.`,
    );
    return undefined;
  }
  log('starting a single-node Kafka for the tests…');
  const started = Date.now();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('bash', [script, 'start', '--dir', nodeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  const brokers = /KAFKA_BROKERS=(\S+)/.exec(result.stdout)?.[1];
  if (result.code !== 0 || !brokers) {
    log(
      `Kafka did not start: the Kafka tests will fail. ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
    spawnSync('bash', [script, 'stop', '--dir', nodeDir], { stdio: 'ignore' });
    return undefined;
  }
  log(`Kafka ready at ${brokers} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    brokers,
    stop: async () => {
      spawnSync('bash', [script, 'stop', '--dir', nodeDir], { stdio: 'ignore' });
    },
  };
}
