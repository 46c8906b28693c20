import { CommandDispatcher } from '@pioneira/commands';
import {
  IngestService,
  sessionDecoder,
  startOsmAndServer,
  startOwnTracksMqtt,
  startTeltonikaServer,
  startTrackerServer,
  startUdpServer,
  type TrackerNotice,
  teltonikaDatagramDecoder,
} from '@pioneira/gps';
import { Gt06Session, H02Session, QueclinkSession, SuntechSession } from '@pioneira/protocols';
import type { WorkerRole } from '../role';

// Refusals come in floods: one log line per reason and port every few seconds, with the count since.
const REFUSAL_LOG_EVERY_MS = 5_000;

/**
 * The device-facing sockets that are not the api's HTTP: the OsmAnd port, the Teltonika TCP port and,
 * when MQTT_URL is set, the OwnTracks MQTT subscriber. All feed the same group-committed ingest.
 */
export const listeners: WorkerRole = {
  name: 'listeners',
  summary:
    'OsmAnd HTTP port, Teltonika, GT06, H02, Suntech and Queclink TCP ports (remote commands on their sessions), their UDP ports when set, OwnTracks MQTT subscriber (MQTT_URL)',
  async start(ctx) {
    const { config } = ctx;
    const ingest = new IngestService(ctx.sql, {
      fixWindow: {
        earliestMs: Date.UTC(config.ingest.earliestFixYear, 0, 1),
        maxAheadMs: config.ingest.maxFixAheadHours * 3_600_000,
      },
    });
    await ingest.start();
    const onError = (error: unknown) => ctx.log('device listener error', { err: String(error) });
    const limits = {
      maxConnections: config.listeners.maxConnections,
      maxPerAddress: config.listeners.maxConnectionsPerAddress,
      handshakeTimeoutMs: config.listeners.handshakeTimeoutSeconds * 1000,
    };
    const onRefusal = refusalLog(ctx.log);
    const host = config.api.host;
    const osmand = await startOsmAndServer(ingest, {
      host,
      port: config.ports.osmand,
      limits,
      onError,
      onRefusal: (reason, address) => onRefusal('osmand', reason, address),
    });
    // Queued commands reach the sessions open in this process; several processes may run this role.
    const commands = new CommandDispatcher(ctx.sql, {
      pollMs: config.commands.pollSeconds * 1000,
      answerTimeoutSeconds: config.commands.answerTimeoutSeconds,
      log: ctx.log,
    });
    await commands.start();
    const teltonika = await startTeltonikaServer(ingest, {
      host,
      port: config.ports.teltonika,
      limits,
      onError,
      commands,
      onRefusal: (reason, address) => onRefusal('teltonika', reason, address),
    });
    const onNotice = noticeLog(ctx.log);
    const clockOffsetMinutes = config.gt06ClockOffsetMinutes;
    const trackerSessions = {
      gt06: () => new Gt06Session({ clockOffsetMinutes }),
      h02: () => new H02Session(),
      suntech: () => new SuntechSession(),
      queclink: () => new QueclinkSession(),
    };
    const trackers = await Promise.all(
      (['gt06', 'h02', 'suntech', 'queclink'] as const).map((protocol) =>
        startTrackerServer(ingest, {
          protocol,
          createSession: trackerSessions[protocol],
          host,
          port: config.ports[protocol],
          limits,
          onError,
          onRefusal: (reason, address) => onRefusal(protocol, reason, address),
          onNotice: (notice) => onNotice(protocol, notice),
          commands,
        }),
      ),
    );
    // UDP ports that are configured: Teltonika Codec 8 datagrams and the text protocols' datagrams.
    const datagramDecoders = {
      teltonika: teltonikaDatagramDecoder,
      h02: sessionDecoder(trackerSessions.h02),
      suntech: sessionDecoder(trackerSessions.suntech, Buffer.from('\r')),
      queclink: sessionDecoder(trackerSessions.queclink, Buffer.from('$')),
    };
    const udp = await Promise.all(
      (['teltonika', 'h02', 'suntech', 'queclink'] as const).flatMap((protocol) => {
        const port = config.udpPorts[protocol];
        if (port === undefined) return [];
        return [
          startUdpServer(ingest, {
            protocol,
            decode: datagramDecoders[protocol],
            host,
            port,
            limits: config.udp,
            onError,
            onNotice: (notice) => onNotice(`${protocol}-udp`, notice),
            commands,
          }).then((server) => ({ protocol, server })),
        ];
      }),
    );
    // A stable client id keeps the broker session (and the messages queued meanwhile) across restarts.
    // Two processes with the same id would take the session from each other: run one MQTT listener.
    const mqtt = config.mqttUrl
      ? await startOwnTracksMqtt(ingest, {
          url: config.mqttUrl,
          clientId: `${config.redisPrefix}-owntracks`,
          onError,
          onDropped: (topic, reason) => ctx.log('owntracks message dropped', { topic, reason }),
        })
      : undefined;
    const [gt06, h02, suntech, queclink] = trackers.map((t) => t.port);
    ctx.log('device listeners up', {
      osmand: osmand.port,
      teltonika: teltonika.port,
      gt06,
      h02,
      suntech,
      queclink,
      udp: Object.fromEntries(udp.map(({ protocol, server }) => [protocol, server.port])),
      mqtt: Boolean(mqtt),
    });
    return {
      async stop() {
        await Promise.all([
          osmand.close(),
          teltonika.close(),
          ...trackers.map((t) => t.close()),
          ...udp.map(({ server }) => server.close()),
          mqtt?.close(),
        ]);
        await commands.stop();
        await ingest.stop();
      },
    };
  },
};

/** Logs the first refusal of each kind at once, then at most one summary line per interval. */
function refusalLog(log: (message: string, fields?: Record<string, unknown>) => void) {
  const last = new Map<string, { at: number; since: number }>();
  return (port: string, reason: string, address: string) => {
    const key = `${port}:${reason}`;
    const now = Date.now();
    const entry = last.get(key);
    if (entry && now - entry.at < REFUSAL_LOG_EVERY_MS) {
      entry.since++;
      return;
    }
    log('device connection refused', { port, reason, address, refusedSinceLastLine: entry?.since ?? 0 });
    last.set(key, { at: now, since: 0 });
  };
}

/** Logs command answers always; unknown and malformed messages like refusals, at most one line per interval. */
function noticeLog(log: (message: string, fields?: Record<string, unknown>) => void) {
  const limited = refusalLog((_message, fields) => log('device message not stored', fields));
  return (port: string, notice: TrackerNotice) => {
    if (notice.kind === 'answer') return log('device answered', { port, ...notice });
    const reason = notice.kind === 'unknown' ? `unknown ${notice.type}` : `malformed ${notice.code}`;
    limited(port, reason, notice.identifier ?? 'unidentified');
  };
}
