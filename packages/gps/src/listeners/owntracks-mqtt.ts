import { AppError } from '@pioneira/core';
import { DecodeError, decodeOwnTracks, parseOwnTracksTopic } from '@pioneira/protocols';
import mqtt from 'mqtt';
import type { IngestService } from '../ingest/ingest.service';

export interface OwnTracksMqttOptions {
  url: string;
  clientId: string;
  onError?: (error: unknown) => void;
  /** Told of every message acknowledged without being stored (already counted in `ingest.refusals`). */
  onDropped?: (topic: string, reason: string) => void;
}

/**
 * OwnTracks over MQTT: subscribes to `owntracks/+/+` with QoS 1 on a persistent session, so the broker
 * keeps messages while we are away. mqtt.js acknowledges (PUBACK) only after this handler resolved,
 * i.e. after COMMIT. A message that can never be stored (malformed, unknown device, a value storage
 * refuses) is acknowledged, counted and reported, never redelivered forever; only a failure that may
 * pass later (saturation, storage down) goes unacknowledged. The broker authenticates publishers
 * (its users and topic ACLs), so device secrets are not asked for here.
 */
export async function startOwnTracksMqtt(
  ingest: IngestService,
  options: OwnTracksMqttOptions,
): Promise<{ close(): Promise<void> }> {
  const client = await mqtt.connectAsync(options.url, {
    clientId: options.clientId,
    clean: false,
    // mqtt.js lets us delay the PUBACK until after COMMIT (customHandleAcks) only on MQTT 5.
    protocolVersion: 5,
    properties: { sessionExpiryInterval: 7 * 86_400 },
    reconnectPeriod: 2_000,
    customHandleAcks: (
      topic: string,
      payload: Buffer,
      _packet: unknown,
      done: (error: unknown, code?: number) => void,
    ) => {
      handle(topic, payload).then(
        () => done(null, 0),
        (error) => {
          if (permanent(error)) {
            ingest.refusals.count('mqtt_dropped', 'owntracks');
            options.onDropped?.(topic, describe(error));
            return done(null, 0);
          }
          // Saturated or storage down: no PUBACK, and a reconnect makes the broker redeliver (MQTT 3.1.1
          // resends unacknowledged QoS 1 messages of a persistent session only on a new connection).
          if ((error as { status?: number }).status !== 503) options.onError?.(error);
          done(error);
          setTimeout(() => client.reconnect(), 1_000).unref();
        },
      );
    },
  } as mqtt.IClientOptions);

  client.on('error', (error) => options.onError?.(error));

  async function handle(topic: string, payload: Buffer): Promise<void> {
    const identity = parseOwnTracksTopic(topic);
    if (!identity) return;
    const position = decodeOwnTracks(payload, identity);
    if (position) await ingest.submit([position], 'owntracks', { transportAuthenticated: true });
  }

  await client.subscribeAsync('owntracks/+/+', { qos: 1 });
  return { close: () => client.endAsync() };
}

// Resending the same bytes cannot help: a decode error, a refusal of ours (4xx), or PostgreSQL
// refusing a value (SQLSTATE class 22, data exception, e.g. a NUL byte in text).
function permanent(error: unknown): boolean {
  if (error instanceof DecodeError) return true;
  if (error instanceof AppError) return error.status >= 400 && error.status < 500;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('22');
}

function describe(error: unknown): string {
  if (error instanceof DecodeError || error instanceof AppError) return `${error.code}: ${error.message}`;
  return String(error);
}
