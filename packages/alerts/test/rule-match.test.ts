import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertEvent } from '../src';
import { type AlertRule, ruleMatches } from '../src/rules/rule';

const rule = (fields: Partial<AlertRule>): AlertRule => ({
  id: 'r',
  name: 'r',
  enabled: true,
  eventTypes: [],
  severities: [],
  geofenceIds: [],
  vehicleIds: [],
  vehicleCategories: [],
  driverIds: [],
  parcelCodes: [],
  calendar: null,
  userIds: [],
  emails: ['ops@frota.test'],
  webhookIds: [],
  inApp: true,
  emailUsers: false,
  throttleMinutes: 0,
  digest: false,
  createdBy: null,
  createdAt: '2026-03-02T12:00:00.000Z',
  updatedAt: '2026-03-02T12:00:00.000Z',
  ...fields,
});

const event = (vehicleId: string | null, vehicleCategory?: string | null): AlertEvent => ({
  kind: 'telemetry',
  key: `telemetry:${vehicleId}`,
  type: 'rules.overspeed',
  occurredAt: '2026-03-02T12:00:00.000Z',
  severity: 'high',
  label: null,
  vehicleId,
  vehicle: vehicleId,
  vehicleCategory,
  driverId: null,
  driver: null,
  event: {},
});

const matches = (r: AlertRule, e: AlertEvent) => ruleMatches(r, e, 'America/Sao_Paulo');

test('a rule for a group of vehicles matches the vehicles of its categories and no other', () => {
  const cargo = rule({ vehicleCategories: ['cargo'] });
  assert.equal(matches(cargo, event('1', 'cargo')), true);
  assert.equal(matches(cargo, event('2', 'passengers')), false);
  assert.equal(matches(cargo, event('3', 'exempt')), false);
  assert.equal(matches(cargo, event(null, null)), false, 'an event of no vehicle is of no group');
  assert.equal(matches(cargo, event('4')), false, 'a category not looked up is no match');
});

test('vehicles and groups together: a vehicle listed or one of a listed category', () => {
  const r = rule({ vehicleIds: ['7'], vehicleCategories: ['passengers', 'cargo'] });
  assert.equal(matches(r, event('7', 'exempt')), true, 'listed by id, whatever its category');
  assert.equal(matches(r, event('8', 'passengers')), true);
  assert.equal(matches(r, event('9', 'cargo')), true);
  assert.equal(matches(r, event('10', 'exempt')), false);
});

test('neither vehicles nor groups: any vehicle, and events of none', () => {
  const any = rule({});
  assert.equal(matches(any, event('1', 'exempt')), true);
  assert.equal(matches(any, event(null, null)), true);
  assert.equal(matches(rule({ vehicleIds: ['1'] }), event('2', 'cargo')), false);
});

test('the other filters still apply to a group rule', () => {
  const r = rule({ vehicleCategories: ['cargo'], eventTypes: ['geofence.exit'] });
  assert.equal(matches(r, event('1', 'cargo')), false, 'an overspeed is not a geofence exit');
  assert.equal(matches(rule({ vehicleCategories: ['cargo'], enabled: false }), event('1', 'cargo')), false);
});
