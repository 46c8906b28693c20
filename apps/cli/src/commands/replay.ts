import { createEventLog, EventLogError } from '@pioneira/eventlog';
import { CONSUMER_GROUPS, eventLogConfig } from '@pioneira/pipeline';
import { options, UsageError } from '../args';
import { configFrom } from '../env';
import type { Command } from './index';

// The event log itself cannot tell a group that never existed from one that has not read yet
// (replaying would quietly create it), so only the topology's groups are accepted: a typo would
// otherwise look like success.
const GROUPS: Record<string, readonly string[]> = Object.fromEntries(
  Object.entries(CONSUMER_GROUPS).map(([group, def]) => [group, def.topics]),
);

const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const AGO = /^(\d+)(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Reads a replay start: ISO 8601 with its offset (`2026-01-05T09:00:00-03:00`, `…Z`), or
 * `YYYY-MM-DD HH:mm[:ss]` in this machine's local time zone, or a duration ago (`30m`, `2h`, `3d`).
 */
export function parseReplayFrom(text: string, now = new Date()): Date {
  const ago = AGO.exec(text);
  if (ago) return new Date(now.getTime() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS]);
  const local = LOCAL.exec(text);
  if (local) {
    const [y, mo, d, h, mi, s = '0'] = local.slice(1).map((part) => part ?? '0');
    const date = new Date(+y, +mo - 1, +d, +h, +mi, +s);
    // new Date() rolls 2026-02-30 over to March: refuse instead of replaying from another day.
    if (date.getMonth() === +mo - 1 && date.getDate() === +d && date.getHours() === +h) return date;
  } else if (ISO_WITH_OFFSET.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text);
  }
  throw new UsageError(
    `--from "${text}" is not a time: give ISO 8601 with its offset (2026-01-05T09:00:00-03:00), ` +
      `"YYYY-MM-DD HH:mm" in local time (${localZone()}), or a duration ago (30m, 2h, 3d).`,
  );
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Checks the group, topic and start against what the log can replay; returns the topic to replay. */
export function checkReplay(group: string, topic: string | undefined, from: Date, retentionHours: number) {
  const topics = GROUPS[group];
  if (!topics)
    throw new UsageError(
      `unknown consumer group "${group}"; the groups are: ${Object.entries(GROUPS)
        .map(([g, t]) => `${g} (${t.join(', ')})`)
        .join(', ')}.`,
    );
  const chosen = topic ?? topics[0];
  if (!topics.includes(chosen))
    throw new UsageError(
      `consumer group "${group}" does not read topic "${chosen}"; it reads ${topics.join(', ')}.`,
    );
  const now = Date.now();
  if (from.getTime() > now)
    throw new UsageError(`--from ${from.toISOString()} is in the future; nothing was published then yet.`);
  const earliest = now - retentionHours * 3_600_000;
  if (from.getTime() < earliest)
    throw new UsageError(
      `--from ${from.toISOString()} is outside the event log's retention (${retentionHours} h, ` +
        `EVENT_LOG_RETENTION_HOURS): those messages are gone. The earliest start is ${new Date(earliest).toISOString()}; ` +
        'to rebuild from older data use PostgreSQL (the latest positions rebuild themselves when Redis is empty).',
    );
  return chosen;
}

export const replay: Command = {
  summary: 'replay --consumer GROUP --from TIME [--topic T]: re-feed a consumer group from a point in time',
  async run(args, env) {
    const { values } = options(args, {
      consumer: { type: 'string' },
      from: { type: 'string' },
      topic: { type: 'string' },
    });
    if (!values.consumer || !values.from)
      throw new UsageError(
        `usage: pioneira replay --consumer ${Object.keys(GROUPS).join('|')} --from TIME [--topic TOPIC]`,
      );
    const config = configFrom(env);
    const from = parseReplayFrom(values.from);
    const topic = checkReplay(values.consumer, values.topic, from, config.eventLog.retentionHours);
    const log = createEventLog({ ...eventLogConfig(config), shutdownTimeoutMs: 1_000 });
    try {
      await log.replay({ group: values.consumer, topic, from });
      const lag = await log.lag(values.consumer, topic);
      console.log(
        `consumer group ${values.consumer} on ${topic} (${config.eventLog.kind}) now reads from ` +
          `${from.toISOString()} (${from.toLocaleString('pt-BR', { timeZone: localZone() })} ${localZone()}): ` +
          `${lag.total} message${lag.total === 1 ? '' : 's'} to deliver again.`,
      );
    } catch (error) {
      // Nothing was ever published on the topic under this prefix (Redis: no stream; NATS: no stream).
      if (/requires the key to exist|no such key|stream not found/i.test(String(error)))
        throw new UsageError(
          `topic "${topic}" has no messages on the ${config.eventLog.kind} event log under prefix "${config.redisPrefix}": nothing to replay (check REDIS_PREFIX and EVENT_LOG).`,
        );
      if (error instanceof EventLogError) throw new UsageError(`${error.code}: ${error.message}`);
      throw error;
    } finally {
      await log.close();
    }
  },
};
