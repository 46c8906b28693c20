import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testEnv } from '@pioneira/testing';
import mqtt from 'mqtt';
import { startOwnTracksMqtt } from '../src';
import { createHarness, eventually, type Harness } from './harness';

// OwnTracks over MQTT (QoS 1, persistent session): a message that can never be stored is
// acknowledged (counted, reported) so the broker stops redelivering it; one that failed for a reason
// that may pass (storage refusing writes for now) is not, and is stored once storage is back.
let h: Harness;
let phone: mqtt.MqttClient;
let user: string;
before(async () => {
  h = await createHarness();
  user = h.prefix.replace(/\W/g, '');
  phone = await mqtt.connectAsync(mqttUrl(), { clientId: `${h.prefix}-phone` });
});
after(async () => {
  await phone.endAsync();
  await h.close();
});

function mqttUrl(): string {
  const url = testEnv().mqttUrl;
  assert.ok(url, 'npm test starts an MQTT broker (mosquitto) or uses MQTT_URL');
  return url;
}

const tst = () => Math.floor(Date.now() / 1000) - Math.floor(Math.random() * 3000) - 60;
const location = (extra: object = {}) =>
  JSON.stringify({ _type: 'location', lat: -23.5, lon: -46.6, tst: tst(), ...extra });
const storedOf = async (identifier: string) =>
  (
    await h.db.sql`
      SELECT count(*)::int AS n FROM positions p JOIN devices d ON d.num = p.device_num
      WHERE d.identifier = ${identifier}`
  )[0].n as number;

test('a message that can never be stored (a NUL byte) is acknowledged once, counted, and not redelivered', async () => {
  await h.device(`${user}/poison`, 'owntracks');
  const topic = `owntracks/${user}/poison`;
  const dropped: string[] = [];
  const clientId = `${h.prefix}-sub-poison`;
  let listener = await startOwnTracksMqtt(h.ingest, {
    url: mqttUrl(),
    clientId,
    onDropped: (t) => dropped.push(t),
  });
  try {
    await phone.publishAsync(topic, location({ tid: 'a\u0000b' }), { qos: 1 });
    await phone.publishAsync(topic, location(), { qos: 1 });
    assert.ok(await eventually(async () => (await storedOf(`${user}/poison`)) === 1));
    assert.deepEqual(dropped, [topic]);
    assert.equal(h.ingest.refusals.get('mqtt_dropped', 'owntracks'), 1);
    // Away and back on the same persistent session: the broker hands over what was not acknowledged
    // before anything newer. Once the newer message is stored, a redelivered poison would have shown.
    await listener.close();
    await phone.publishAsync(topic, location(), { qos: 1 });
    listener = await startOwnTracksMqtt(h.ingest, {
      url: mqttUrl(),
      clientId,
      onDropped: (t) => dropped.push(t),
    });
    assert.ok(await eventually(async () => (await storedOf(`${user}/poison`)) === 2));
    assert.equal(dropped.length, 1, 'the poison was not redelivered');
  } finally {
    await listener.close();
  }
});

test('a message that failed because storage refused writes is not acknowledged, and is stored once storage is back', async () => {
  await h.device(`${user}/outage`, 'owntracks');
  let failures = 0;
  const listener = await startOwnTracksMqtt(h.ingest, {
    url: mqttUrl(),
    clientId: `${h.prefix}-sub-outage`,
    onError: () => failures++,
  });
  const droppedBefore = h.ingest.refusals.get('mqtt_dropped');
  await h.db.sql`ALTER TABLE outbox ADD CONSTRAINT refuse_for_now CHECK (false) NOT VALID`;
  try {
    await phone.publishAsync(`owntracks/${user}/outage`, location(), { qos: 1 });
    assert.ok(await eventually(async () => failures > 0), 'the write failed');
    assert.equal(h.ingest.refusals.get('mqtt_dropped'), droppedBefore, 'not dropped');
  } finally {
    await h.db.sql`ALTER TABLE outbox DROP CONSTRAINT refuse_for_now`;
  }
  try {
    assert.ok(
      await eventually(async () => (await storedOf(`${user}/outage`)) === 1, 20_000),
      'redelivered and stored',
    );
  } finally {
    await listener.close();
  }
});
