import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  crc16Ibm,
  type DecodedPosition,
  DecodeError,
  decodeOsmAnd,
  decodeOwnTracks,
  type TeltonikaFrame,
  TeltonikaSession,
} from '@pioneira/protocols';
import * as osmand from './fixtures/osmand';
import * as owntracks from './fixtures/owntracks';
import * as teltonika from './fixtures/teltonika';

// Bounded and seeded: the same 5,000 mutations per protocol on every run, so a failure reproduces.
const ITERATIONS = 5_000;
const NOW = new Date('2025-07-01T12:00:00Z');

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function assertValidPosition(position: DecodedPosition, context: string): void {
  const ms = position.fixedAt.getTime();
  const inRange = (value: number | null, min: number, max: number) =>
    value === null || (Number.isFinite(value) && value >= min && value <= max);
  assert.ok(
    typeof position.deviceIdentifier === 'string' && position.deviceIdentifier.trim() !== '',
    context,
  );
  assert.ok(Number.isFinite(ms) && ms >= 0 && ms < Date.UTC(2100, 0, 1), `time ${ms}: ${context}`);
  assert.ok(inRange(position.latitude, -90, 90) && inRange(position.longitude, -180, 180), context);
  assert.ok(inRange(position.speedKmh, 0, 2000) && inRange(position.course, 0, 359.999999), context);
  assert.ok(inRange(position.altitude, -12000, 100000) && inRange(position.accuracy, 0, 1e6), context);
  for (const [key, value] of Object.entries(position.attributes)) {
    const ok = typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
    assert.ok(ok, `attribute ${key}=${value}: ${context}`);
  }
}

/** Runs a decoder; anything thrown must be a DecodeError, anything returned must be a valid position. */
function expectDecodeErrorOr(run: () => DecodedPosition[], context: string): 'decoded' | 'refused' {
  let positions: DecodedPosition[];
  try {
    positions = run();
  } catch (error) {
    if (error instanceof DecodeError) return 'refused';
    throw new Error(`non-DecodeError thrown for ${context}`, { cause: error });
  }
  for (const position of positions) assertValidPosition(position, context);
  return 'decoded';
}

/** Counts outcomes, so a fuzz run that only ever hits one branch is noticed. */
function tally(): { count: (outcome: string) => void; share: (outcome: string) => number } {
  const seen = new Map<string, number>();
  let total = 0;
  return {
    count: (outcome) => {
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      total++;
    },
    share: (outcome) => (seen.get(outcome) ?? 0) / total,
  };
}

/** A fuzz run must both decode and refuse a fair share, or it is not exploring the decoder. */
function assertBothBranches(decodedShare: number): void {
  assert.ok(decodedShare > 0.05 && decodedShare < 0.95, `decoded share ${decodedShare}`);
}

function mutateBytes(input: Buffer, random: () => number): Buffer {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const kind = random();
    if (kind < 0.4) bytes[at] = Math.floor(random() * 256);
    else if (kind < 0.55) bytes.splice(at, 1);
    else if (kind < 0.7) bytes.splice(at, 0, Math.floor(random() * 256));
    else if (kind < 0.8) bytes.length = at;
    else if (kind < 0.9) bytes[at] = [0x00, 0xff, 0x7f, 0x80][Math.floor(random() * 4)];
    else bytes.splice(at, 0, ...bytes.slice(at, at + Math.floor(random() * 16)));
  }
  return Buffer.from(bytes.filter((byte) => byte !== undefined));
}

const NASTY = [
  '',
  '-1',
  '1e309',
  'NaN',
  '-0',
  '0x1f',
  '９',
  '1,5',
  '\u0000',
  '%',
  '+',
  '2147483648',
  '99999999999999999999',
];

function mutateText(input: string, random: () => number): string {
  const edits = 1 + Math.floor(random() * 3);
  let text = input;
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.4)
      text = text.slice(0, at) + NASTY[Math.floor(random() * NASTY.length)] + text.slice(at + 1);
    else if (kind < 0.6) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 5));
    else if (kind < 0.8)
      text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + text.slice(at);
    else text = text.slice(0, at);
  }
  return text;
}

const JSON_VALUES: unknown[] = [
  null,
  -1,
  0,
  1e308,
  -1e308,
  'abc',
  '',
  true,
  [],
  {},
  [1, 2],
  { a: 1 },
  2 ** 53,
  '1e5',
];

/** Replaces one value somewhere in a JSON document with a value of another type or range. */
function mutateJson(input: string, random: () => number): string {
  const doc = JSON.parse(input);
  let node: unknown = doc;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[Math.floor(random() * keys.length)];
    const child = (node as Record<string, unknown>)[key];
    if (typeof child !== 'object' || child === null || random() < 0.4) {
      (node as Record<string, unknown>)[key] = JSON_VALUES[Math.floor(random() * JSON_VALUES.length)];
      break;
    }
    node = child;
  }
  return JSON.stringify(doc);
}

test('Teltonika: mutated real packets, pushed in random chunks, never throw nor yield a bad position', () => {
  const random = prng(8);
  const packets = [
    teltonika.FIXTURE_A_1,
    teltonika.FIXTURE_A_2,
    teltonika.FIXTURE_B,
    ...teltonika.TRACCAR_CODEC_8.map((p) => p.hex),
    ...teltonika.TRACCAR_CODEC_8E.map((p) => p.hex),
  ].map((hex) => Buffer.from(hex, 'hex'));
  const handshake = Buffer.from(teltonika.IMEI_HANDSHAKE, 'hex');
  let refused = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const packet = packets[Math.floor(random() * packets.length)];
    const stream = mutateBytes(Buffer.concat([handshake, packet]), random);
    const session = new TeltonikaSession();
    const frames: TeltonikaFrame[] = [];
    for (let at = 0; at < stream.length; ) {
      const size = 1 + Math.floor(random() * 200);
      frames.push(...session.push(stream.subarray(at, at + size)));
      at += size;
    }
    for (const frame of frames) {
      if (frame.type === 'error') {
        assert.ok(frame.error instanceof DecodeError);
        assert.equal(session.canContinue, false);
        refused++;
      }
      if (frame.type === 'avl') {
        assert.equal(frame.records.length, frame.count);
        for (const record of frame.records) assertValidPosition(record, `iteration ${i}`);
      }
    }
  }
  // A CRC guards the data: nearly every mutation must be caught, not decoded into something else.
  assert.ok(refused > ITERATIONS * 0.5, `only ${refused} of ${ITERATIONS} mutations were refused`);
});

test('Teltonika: mutated records under a recomputed length and CRC reach the record parser safely', () => {
  const random = prng(21);
  const packets = [
    teltonika.FIXTURE_A_1,
    teltonika.FIXTURE_B,
    ...teltonika.TRACCAR_CODEC_8E.map((p) => p.hex),
  ]
    .concat(teltonika.TRACCAR_CODEC_8.map((p) => p.hex))
    .map((hex) => Buffer.from(hex, 'hex'));
  const outcomes = tally();
  for (let i = 0; i < ITERATIONS; i++) {
    const packet = packets[Math.floor(random() * packets.length)];
    const data = mutateBytes(packet.subarray(8, packet.length - 4), random);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(data.length, 4);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc16Ibm(data));
    const session = new TeltonikaSession();
    session.push(Buffer.from(teltonika.IMEI_HANDSHAKE, 'hex'));
    const frames = session.push(Buffer.concat([header, data, crc]));
    for (const frame of frames) {
      outcomes.count(frame.type);
      if (frame.type === 'avl') {
        assert.equal(frame.records.length, frame.count);
        for (const record of frame.records) assertValidPosition(record, `iteration ${i}`);
      } else {
        assert.ok(frame.type === 'error' && frame.error instanceof DecodeError);
      }
    }
  }
  assertBothBranches(outcomes.share('avl'));
});

test('OsmAnd: mutated real query strings, form bodies and JSON bodies', () => {
  const random = prng(55);
  const urls = Object.entries(osmand)
    .filter(([name]) => name.startsWith('URL_'))
    .map(([, url]) => url);
  const bodies = [osmand.JSON_CLIENT_9, osmand.JSON_EXTRAS, osmand.JSON_IOS_SIMULATOR, osmand.JSON_MOVING];
  bodies.push(osmand.JSON_LOCATION_ARRAY, osmand.JSON_SDK_ARRAY);
  const outcomes = tally();
  for (let i = 0; i < ITERATIONS; i++) {
    const kind = i % 3;
    if (kind === 0) {
      const url = mutateText(urls[Math.floor(random() * urls.length)], random);
      const query = Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? ''));
      outcomes.count(expectDecodeErrorOr(() => decodeOsmAnd({ query }, NOW), `query ${url}`));
    } else if (kind === 1) {
      const form = mutateText(osmand.FORM_SDK, random);
      outcomes.count(expectDecodeErrorOr(() => decodeOsmAnd({ query: {}, body: form }, NOW), `form ${form}`));
    } else {
      const source = bodies[Math.floor(random() * bodies.length)];
      const body = random() < 0.5 ? mutateJson(source, random) : mutateText(source, random);
      const request = { query: {}, body: Buffer.from(body), contentType: 'application/json' };
      outcomes.count(expectDecodeErrorOr(() => decodeOsmAnd(request, NOW), `json ${body}`));
    }
  }
  assertBothBranches(outcomes.share('decoded'));
});

test('OwnTracks: mutated real payloads, as text and as parsed JSON', () => {
  const random = prng(3);
  const payloads = Object.values(owntracks);
  const outcomes = tally();
  for (let i = 0; i < ITERATIONS; i++) {
    const source = payloads[Math.floor(random() * payloads.length)];
    const mutated = random() < 0.5 ? mutateJson(source, random) : mutateText(source, random);
    let parsed: unknown = mutated;
    if (random() < 0.5) {
      try {
        parsed = JSON.parse(mutated);
      } catch {
        // keep the raw text: the decoder must refuse it
      }
    }
    const outcome = expectDecodeErrorOr(() => {
      const position = decodeOwnTracks(parsed, { user: 'fuzz', device: 'phone' });
      return position ? [position] : [];
    }, `owntracks ${mutated}`);
    outcomes.count(outcome);
  }
  assertBothBranches(outcomes.share('decoded'));
});
