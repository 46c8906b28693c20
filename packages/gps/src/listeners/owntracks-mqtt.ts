import { DecodeError, decodeOwnTracks, parseOwnTracksTopic } from '@pioneira/protocols';
import mqtt from 'mqtt';
import type { IngestService } from '../ingest/ingest.service';

/**
 * OwnTracks over MQTT: subscribes to `owntracks/+/+` with QoS 1 on a persistent session, so the broker
 * keeps messages while we are away. mqtt.js acknowledges (PUBACK) only after this handler resolved,
 * i.e. after COMMIT; a malformed or unknown-device message is dropped (counted), never retried forever.
 */
export async function startOwnTracksMqtt(
  ingest: IngestService,
  options: { url: string; clientId: string; onError?: (error: unknown) => void },
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
          // Saturated or storage down: no PUBACK, and a reconnect makes the broker redeliver (MQTT 3.1.1
          // resends unacknowledged QoS 1 messages of a persistent session only on a new connection).
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
    let position: ReturnType<typeof decodeOwnTracks>;
    try {
      position = decodeOwnTracks(payload, identity);
    } catch (error) {
      if (error instanceof DecodeError) return;
      throw error;
    }
    if (!position) return;
    try {
      // The broker authenticates publishers (its users and topic ACLs): no device secret here.
      await ingest.submit([position], 'owntracks', { transportAuthenticated: true });
    } catch (error) {
      if ((error as { code?: string }).code === 'unknown_device') return;
      throw error;
    }
  }

  await client.subscribeAsync('owntracks/+/+', { qos: 1 });
  return { close: () => client.endAsync() };
}
