import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DeviceFrame, encodeGt06Location, encodeGt06Login, Gt06Session } from '@pioneira/protocols';
import * as f from './fixtures/trackers';

const hex = (h: string) => Buffer.from(h, 'hex');
const loggedIn = (options = {}) => {
  const session = new Gt06Session(options);
  session.push(hex(f.GT06_LOGIN));
  return session;
};
const positions = (frames: DeviceFrame[]) =>
  frames.flatMap((fr) => (fr.type === 'positions' ? fr.positions : []));

test('GT06 login: the IMEI from its BCD digits, and the acknowledgement echoes the serial with a CRC-ITU', () => {
  const [frame] = new Gt06Session().push(hex(f.GT06_LOGIN));
  assert.equal(frame?.type, 'login');
  assert.equal(frame.type === 'login' && frame.identifier, '864717003283581');
  assert.equal(frame.type === 'login' && frame.reply?.toString('hex'), '78780501000955940d0a');
});

test('GT06 location 0x12: time, place, speed and course as the bytes say', () => {
  const [p] = positions(loggedIn().push(hex(f.GT06_LOCATION)));
  assert.equal(p?.fixedAt.toISOString(), '2015-10-20T14:21:11.000Z');
  assert.equal(p.latitude.toFixed(5), '54.94535');
  assert.equal(p.longitude.toFixed(5), '24.01762');
  assert.equal(p.deviceIdentifier, '864717003283581');
  assert.equal(p.attributes.valid, true);
});

test('GT06E location 0x22 carries ignition; a location needs no acknowledgement', () => {
  const [frame] = loggedIn().push(hex(f.GT06_LOCATION_22));
  assert.equal(frame?.type === 'positions' && frame.reply, null);
  const [p] = positions([frame!]);
  assert.equal(p?.fixedAt.toISOString(), '2018-06-22T08:56:23.000Z');
  assert.equal(p.course, 292);
  assert.equal(p.attributes.ignition, false);
});

test('GT06 alarm 0x16: southern and western hemispheres, the alarm named, acknowledged with its serial', () => {
  const [frame] = loggedIn().push(hex(f.GT06_ALARM_POWER_CUT));
  assert.equal(frame?.type, 'positions');
  const [p] = positions([frame!]);
  assert.equal(p?.latitude.toFixed(5), '-19.99159');
  assert.equal(p.longitude.toFixed(5), '-43.90412');
  assert.equal(p.speedKmh, 7);
  assert.equal(p.attributes.alarm, 'powerCut');
  assert.equal(frame?.type === 'positions' && frame.reply?.subarray(3, 6).toString('hex'), '160067');
  const [shock] = positions(loggedIn().push(hex(f.GT06_ALARM_SHOCK)));
  assert.equal(shock?.attributes.alarm, 'vibration');
});

test('GT06 status 0x13 is a heartbeat with ignition, charge and the immobiliser state, acknowledged', () => {
  const [frame] = loggedIn().push(hex(f.GT06_STATUS));
  assert.equal(frame?.type, 'heartbeat');
  if (frame?.type !== 'heartbeat') return;
  assert.equal(frame.attributes.blocked, true);
  assert.equal(frame.attributes.charge, true);
  assert.equal(frame.reply?.subarray(2, 4).toString('hex'), '0513');
});

test('GT06 answer 0x15 to a block command is an answer frame with its text', () => {
  const [frame] = loggedIn().push(hex(f.GT06_ANSWER_BLOCK));
  assert.equal(frame?.type === 'answer' && frame.text, 'Cut off the fuel supply: Success!');
});

test('GT06 device clock: a login announcing GMT-4 shifts the times to UTC; a configured offset applies otherwise', () => {
  const west = new Gt06Session();
  west.push(hex(f.GT06_LOGIN_WEST_4));
  assert.equal(west.clockOffsetMinutes, -240);
  const local = {
    fixedAt: new Date('2025-03-01T09:00:00Z'),
    latitude: -23.5,
    longitude: -46.6,
    speedKmh: 40,
    course: 90,
  };
  const [p] = positions(west.push(encodeGt06Location(local, 2)));
  assert.equal(p?.fixedAt.toISOString(), '2025-03-01T13:00:00.000Z');
  const brasilia = new Gt06Session({ clockOffsetMinutes: -180 });
  brasilia.push(encodeGt06Login('356307042441013', 1));
  const [q] = positions(brasilia.push(encodeGt06Location(local, 2)));
  assert.equal(q?.fixedAt.toISOString(), '2025-03-01T12:00:00.000Z');
  const announced = new Gt06Session({ clockOffsetMinutes: -180 });
  announced.push(encodeGt06Login('356307042441013', 1, 0));
  assert.equal(
    positions(announced.push(encodeGt06Location(local, 2)))[0]?.fixedAt.toISOString(),
    '2025-03-01T09:00:00.000Z',
  );
});

test('GT06: data before a login, a bad CRC and a bad start are errors that end the session', () => {
  const before = new Gt06Session().push(hex(f.GT06_LOCATION));
  assert.equal(before[0]?.type === 'error' && before[0].error.code, 'SESSION_FAILED');
  const corrupt = hex(f.GT06_LOCATION);
  corrupt[10] ^= 0xff;
  const session = loggedIn();
  assert.equal(session.push(corrupt)[0]?.type === 'error' && session.canContinue, false);
  assert.deepEqual(session.push(hex(f.GT06_LOCATION)), []);
  const junk = new Gt06Session().push(Buffer.from('GET / HTTP/1.1\r\n'));
  assert.equal(junk[0]?.type === 'error' && junk[0].error.code, 'BAD_PREAMBLE');
});

test('GT06: packets split at every byte and packets glued together frame the same', () => {
  const glued = Buffer.concat([
    hex(f.GT06_LOGIN),
    hex(f.GT06_LOCATION),
    hex(f.GT06_STATUS),
    hex(f.GT06_ALARM_SHOCK),
  ]);
  const whole = new Gt06Session().push(glued).map((fr) => fr.type);
  const bytewise = new Gt06Session();
  const split = [...glued].flatMap((byte) => bytewise.push(Buffer.from([byte])).map((fr) => fr.type));
  assert.deepEqual(whole, ['login', 'positions', 'heartbeat', 'positions']);
  assert.deepEqual(split, whole);
});

test('GT06: an unknown protocol number is counted as unknown and the session goes on', () => {
  const session = loggedIn();
  const [frame] = session.push(hex('78780d1f000000000000000200b196a20d0a'));
  assert.equal(frame?.type === 'unknown' && frame.kind, '0x1f');
  assert.equal(session.canContinue, true);
  assert.equal(positions(session.push(hex(f.GT06_LOCATION))).length, 1);
});
