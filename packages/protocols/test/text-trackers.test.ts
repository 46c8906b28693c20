import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type DecodedPosition,
  type DeviceFrame,
  type DeviceSession,
  encodeH02Text,
  encodeQueclinkFri,
  encodeSuntechStt,
  H02Session,
  QueclinkSession,
  SuntechSession,
} from '@pioneira/protocols';
import * as f from './fixtures/trackers';

const one = (session: DeviceSession, input: string | Buffer): DecodedPosition => {
  const frames = session.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const found = frames.flatMap((fr) => (fr.type === 'positions' ? fr.positions : []));
  assert.equal(found.length, 1, JSON.stringify(frames));
  return found[0]!;
};
const first = (session: DeviceSession, text: string): DeviceFrame =>
  session.push(Buffer.from(text, 'latin1'))[0]!;

test('H02 text V1: UTC time, DDMM.MMMM to degrees, knots to km/h, ignition from the status word', () => {
  const p = one(new H02Session(), f.H02_TEXT);
  assert.equal(p.fixedAt.toISOString(), '2015-12-22T16:45:49.000Z');
  assert.equal(p.latitude.toFixed(5), '9.93978');
  assert.equal(p.longitude.toFixed(5), '-84.11178');
  assert.equal(p.attributes.status, 'FFFFFBFF');
  assert.equal(p.attributes.ignition, false);
  const moving = one(new H02Session(), f.H02_TEXT_MOVING);
  assert.equal(moving.speedKmh, 38.95); // 21.03 knots
  assert.equal(moving.course, 312);
  assert.equal(moving.attributes.ignition, true);
  const dashed = one(new H02Session(), f.H02_TEXT_DASHED);
  assert.equal(dashed.latitude.toFixed(5), '-23.48349');
  assert.equal(dashed.longitude.toFixed(5), '-46.85975');
});

test('H02 binary: the 45-byte and the 32-byte reports', () => {
  const p = one(new H02Session(), Buffer.from(f.H02_BINARY, 'hex'));
  assert.equal(p.deviceIdentifier, '4106000826');
  assert.equal(p.fixedAt.toISOString(), '2015-08-31T21:53:21.000Z');
  assert.equal(p.latitude.toFixed(5), '4.69898');
  assert.equal(p.longitude.toFixed(5), '-74.06972');
  const short = one(new H02Session(), Buffer.from(f.H02_BINARY_SHORT, 'hex'));
  assert.equal(short.deviceIdentifier, '2705171109');
  assert.equal(short.latitude.toFixed(4), '50.0431');
});

test('H02: heartbeats and unknown reports go on; a report with a broken field is refused alone', () => {
  const session = new H02Session();
  assert.equal(first(session, f.H02_LINK).type, 'heartbeat');
  assert.equal(first(session, '*HQ,1600068860,XT,1,100#').type, 'unknown');
  const refused = first(
    session,
    '*HQ,1600068860,V1,164549,A,0956.3869,N,08406.7068,W,fast,000,221215,FFFFFBFF#',
  );
  assert.equal(refused.type === 'refused' && refused.error.code, 'INVALID_NUMBER');
  assert.equal(session.canContinue, true);
  const other = first(session, f.H02_TEXT);
  assert.equal(other.type === 'error' && other.error.code, 'INVALID_DEVICE_ID');
});

test('H02: the simulator encoding decodes back to the same fix', () => {
  const fix = {
    fixedAt: new Date('2025-05-05T10:11:12Z'),
    latitude: -23.55052,
    longitude: -46.63331,
    speedKmh: 72,
    course: 181,
    ignition: true,
  };
  const p = one(new H02Session(), encodeH02Text('4210051415', fix));
  assert.equal(p.fixedAt.toISOString(), fix.fixedAt.toISOString());
  assert.ok(Math.abs(p.latitude - fix.latitude) < 1e-5 && Math.abs(p.longitude - fix.longitude) < 1e-5);
  assert.ok(Math.abs((p.speedKmh ?? 0) - 72) < 0.02);
  assert.equal(p.attributes.ignition, true);
});

test('Suntech fixed layout (SA200 without model, ST300 with): odometer, power, ignition, backup battery', () => {
  const sa = one(new SuntechSession(), `${f.SUNTECH_SA200_STT}\r`);
  assert.equal(sa.fixedAt.toISOString(), '2012-07-18T15:37:12.000Z');
  assert.equal(sa.latitude, -15.618755);
  assert.equal(sa.longitude, -56.083241);
  assert.equal(sa.attributes.odometer, 41548);
  assert.equal(sa.attributes.power, 12.17);
  assert.equal(sa.attributes.ignition, true);
  const st = one(new SuntechSession(), `${f.SUNTECH_ST300_STT}\r`);
  assert.equal(st.speedKmh, 10.39);
  assert.equal(st.course, 202.77);
  assert.equal(st.attributes.battery, 4.1);
});

test('Suntech alerts and emergencies name their alarm; ALV is a heartbeat', () => {
  const alt = one(new SuntechSession(), `${f.SUNTECH_ST300_ALT}\r`);
  assert.equal(alt.attributes.alertId, 33);
  assert.equal(alt.attributes.ignition, true);
  assert.equal(one(new SuntechSession(), `${f.SUNTECH_EMG}\r`).attributes.alarm, 'sos');
  assert.equal(first(new SuntechSession(), `${f.SUNTECH_ALV}\r`).type, 'heartbeat');
});

test('Suntech universal layout: fields chosen by the hex mask', () => {
  const p = one(new SuntechSession(), `${f.SUNTECH_UNIVERSAL_STT}\r`);
  assert.equal(p.deviceIdentifier, '100850000');
  assert.equal(p.fixedAt.toISOString(), '2016-11-17T08:37:39.000Z');
  assert.equal(p.speedKmh, 62.03);
  assert.equal(p.attributes.ignition, true);
  const alt = one(new SuntechSession(), `${f.SUNTECH_UNIVERSAL_ALT}\r`);
  assert.equal(alt.attributes.alertId, 9);
  assert.equal(alt.attributes.archive, true);
  const partial = first(new SuntechSession(), 'STT;100850000;00000F;26;010;1\r');
  assert.equal(partial.type, 'refused');
});

test('Suntech: the simulator encoding decodes back; binary reports are refused with a reason', () => {
  const fix = {
    fixedAt: new Date('2025-05-05T10:11:12Z'),
    latitude: -22.9068,
    longitude: -43.1729,
    speedKmh: 55.5,
    course: 12,
    ignition: true,
    odometer: 1234,
    power: 12.4,
  };
  const p = one(new SuntechSession(), encodeSuntechStt('907131077', fix));
  assert.equal(p.latitude, -22.9068);
  assert.equal(p.attributes.odometer, 1234);
  const binary = first(new SuntechSession(), '\x81\x00\x4e\x05');
  assert.equal(binary.type === 'error' && binary.error.code, 'BAD_PREAMBLE');
});

test('Queclink GTFRI: fix, external power, mileage in metres, battery and ignition from the device status', () => {
  const [frame] = new QueclinkSession().push(Buffer.from(f.QUECLINK_FRI));
  assert.equal(frame?.type, 'positions');
  if (frame?.type !== 'positions') return;
  const [p] = frame.positions;
  assert.equal(p?.fixedAt.toISOString(), '2023-07-22T14:53:38.000Z');
  assert.equal(p.latitude, -33.524595);
  assert.equal(p.longitude, -71.596601);
  assert.equal(p.altitude, 9);
  assert.equal(p.attributes.batteryLevel, 100);
  assert.equal(p.attributes.ignition, true);
  assert.equal(frame.reply?.toString(), '+SACK:0F4C$');
  const power = one(new QueclinkSession(), f.QUECLINK_FRI_POWER);
  assert.equal(power.attributes.power, 12.94);
  assert.equal(power.attributes.odometer, 6_223_700);
  assert.equal(power.attributes.ignition, false);
});

test('Queclink +BUFF is archived, alarms are named, +ACK is an answer, GTHBD gets its SACK', () => {
  assert.equal(one(new QueclinkSession(), f.QUECLINK_BUFF_FRI).attributes.archive, true);
  assert.equal(one(new QueclinkSession(), f.QUECLINK_SOS).attributes.alarm, 'sos');
  assert.equal(one(new QueclinkSession(), f.QUECLINK_IGF).attributes.ignition, false);
  const ack = first(
    new QueclinkSession(),
    '+ACK:GTOUT,270B01,862524060204589,GV350,0000,20240101000000,11F0$',
  );
  assert.equal(ack.type === 'answer' && ack.kind, 'GTOUT');
  const hbd = first(new QueclinkSession(), '+ACK:GTHBD,270B01,862524060204589,GV350,20240101000000,11F1$');
  assert.equal(hbd.type === 'heartbeat' && hbd.reply?.toString(), '+SACK:GTHBD,270B01,11F1$');
  assert.equal(first(new QueclinkSession(), f.QUECLINK_INF).type, 'unknown');
});

test('Queclink: the simulator encoding decodes back; junk ends the session', () => {
  const fix = {
    fixedAt: new Date('2025-05-05T10:11:12Z'),
    latitude: -15.7939,
    longitude: -47.8828,
    speedKmh: 80,
    course: 270,
    ignition: true,
    odometer: 52_000,
    count: 7,
  };
  const [frame] = new QueclinkSession().push(encodeQueclinkFri('862524060204589', fix));
  assert.equal(frame?.type === 'positions' && frame.reply?.toString(), '+SACK:0007$');
  const p = frame?.type === 'positions' ? frame.positions[0] : undefined;
  assert.equal(p?.speedKmh, 80);
  assert.equal(p?.attributes.odometer, 52_000);
  const junk = first(new QueclinkSession(), 'hello$');
  assert.equal(junk.type === 'error' && junk.error.code, 'BAD_PREAMBLE');
});
