import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DecodedPosition,
  DecodeError,
  type DeviceFrame,
  type DeviceSession,
  Gt06Session,
  H02Session,
  QueclinkSession,
  SuntechSession,
} from '@pioneira/protocols';
import * as f from './fixtures/trackers';

// Bounded and seeded like the Teltonika fuzz run: the same mutations on every run.
const ITERATIONS = 3_000;

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

function mutate(input: Buffer, random: () => number, alphabet?: string): Buffer {
  const bytes = [...input];
  const pick = () =>
    alphabet ? alphabet.charCodeAt(Math.floor(random() * alphabet.length)) : Math.floor(random() * 256);
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * bytes.length);
    const kind = random();
    if (kind < 0.45) bytes[at] = pick();
    else if (kind < 0.6) bytes.splice(at, 1 + Math.floor(random() * 4));
    else if (kind < 0.75) bytes.splice(at, 0, pick());
    else if (kind < 0.85)
      bytes.length = at; // truncated
    else bytes.splice(at, 0, ...bytes.slice(at, at + Math.floor(random() * 12)));
  }
  return Buffer.from(bytes);
}

function assertValid(position: DecodedPosition, context: string): void {
  const ms = position.fixedAt.getTime();
  const inRange = (v: number | null, min: number, max: number) =>
    v === null || (Number.isFinite(v) && v >= min && v <= max);
  assert.ok(position.deviceIdentifier.trim() !== '', context);
  assert.ok(Number.isFinite(ms) && ms >= 0 && ms < Date.UTC(2100, 0, 1), context);
  assert.ok(inRange(position.latitude, -90, 90) && inRange(position.longitude, -180, 180), context);
  assert.ok(inRange(position.speedKmh, 0, 2000) && inRange(position.course, 0, 360), context);
  for (const [key, value] of Object.entries(position.attributes))
    assert.ok(typeof value !== 'number' || Number.isFinite(value), `${key}: ${context}`);
}

/** Pushes `stream` in random chunks; returns the frames, checking each is well-formed. */
function run(session: DeviceSession, stream: Buffer, random: () => number, context: string): DeviceFrame[] {
  const frames: DeviceFrame[] = [];
  for (let at = 0; at < stream.length; ) {
    const size = 1 + Math.floor(random() * 64);
    frames.push(...session.push(stream.subarray(at, at + size)));
    at += size;
  }
  for (const frame of frames) {
    if (frame.type === 'error' || frame.type === 'refused')
      assert.ok(frame.error instanceof DecodeError, context);
    if (frame.type === 'error') assert.equal(session.canContinue, false, context);
    if (frame.type === 'positions') {
      for (const position of frame.positions) {
        assertValid(position, context);
        assert.equal(position.deviceIdentifier, frame.identifier, context);
      }
    }
  }
  return frames;
}

test('GT06: mutated real packets never throw nor yield a bad position, and the CRC catches nearly all', () => {
  const random = prng(17);
  const login = Buffer.from(f.GT06_LOGIN, 'hex');
  const packets = [
    f.GT06_LOCATION,
    f.GT06_LOCATION_22,
    f.GT06_ALARM_POWER_CUT,
    f.GT06_ALARM_SHOCK,
    f.GT06_STATUS,
    f.GT06_ANSWER_BLOCK,
  ].map((h) => Buffer.from(h, 'hex'));
  let decoded = 0;
  for (let i = 0; i < ITERATIONS; i++) {
    const packet = packets[Math.floor(random() * packets.length)]!;
    const frames = run(
      new Gt06Session(),
      Buffer.concat([login, mutate(packet, random)]),
      random,
      `gt06 ${i}`,
    );
    if (frames.some((fr) => fr.type === 'positions')) decoded++;
  }
  assert.ok(decoded < ITERATIONS * 0.1, `${decoded} mutated packets decoded despite the CRC`);
});

test('GT06: random bytes are refused', () => {
  const random = prng(3);
  for (let i = 0; i < 500; i++) {
    const junk = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 80) }, () => Math.floor(random() * 256)),
    );
    const frames = run(new Gt06Session(), junk, random, `junk ${i}`);
    assert.ok(!frames.some((fr) => fr.type === 'positions' || fr.type === 'login'), `junk ${i}`);
  }
});

const TEXT_CASES: {
  name: string;
  session: () => DeviceSession;
  messages: string[];
  end: string;
  alphabet: string;
}[] = [
  {
    name: 'H02',
    session: () => new H02Session(),
    messages: [f.H02_TEXT, f.H02_TEXT_MOVING, f.H02_TEXT_DASHED, f.H02_LINK],
    end: '',
    alphabet: '0123456789,.#*-ABNSEWV',
  },
  {
    name: 'Suntech',
    session: () => new SuntechSession(),
    messages: [
      f.SUNTECH_SA200_STT,
      f.SUNTECH_ST300_STT,
      f.SUNTECH_ST300_ALT,
      f.SUNTECH_EMG,
      f.SUNTECH_UNIVERSAL_STT,
      f.SUNTECH_UNIVERSAL_ALT,
    ],
    end: '\r',
    alphabet: '0123456789;.:+-\rF',
  },
  {
    name: 'Queclink',
    session: () => new QueclinkSession(),
    messages: [f.QUECLINK_FRI, f.QUECLINK_FRI_POWER, f.QUECLINK_BUFF_FRI, f.QUECLINK_SOS, f.QUECLINK_IGF],
    end: '',
    alphabet: '0123456789,.$+-:A',
  },
];

for (const c of TEXT_CASES) {
  test(`${c.name}: mutated real reports decode into valid positions or are refused, never a crash`, () => {
    const random = prng(c.name.length * 101);
    let refused = 0;
    let decoded = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const message = Buffer.from(c.messages[Math.floor(random() * c.messages.length)]! + c.end, 'latin1');
      const frames = run(
        c.session(),
        mutate(message, random, random() < 0.5 ? c.alphabet : undefined),
        random,
        `${c.name} ${i}`,
      );
      if (frames.some((fr) => fr.type === 'refused' || fr.type === 'error')) refused++;
      if (frames.some((fr) => fr.type === 'positions')) decoded++;
    }
    // Text has no checksum: many mutations still parse. Both branches must be explored.
    assert.ok(
      refused > ITERATIONS * 0.1 && decoded > ITERATIONS * 0.1,
      `refused ${refused}, decoded ${decoded}`,
    );
  });

  test(`${c.name}: random bytes and an endless message are refused`, () => {
    const random = prng(7);
    for (let i = 0; i < 500; i++) {
      const junk = Buffer.from(
        Array.from({ length: 1 + Math.floor(random() * 120) }, () => Math.floor(random() * 256)),
      );
      run(c.session(), junk, random, `${c.name} junk ${i}`);
    }
    const session = c.session();
    const frames = session.push(Buffer.from(`${c.messages[0]!.slice(0, 3)}${'1'.repeat(5000)}`));
    assert.ok(
      frames.some((fr) => fr.type === 'error'),
      `${c.name} buffered 5000 bytes without a terminator`,
    );
  });
}
