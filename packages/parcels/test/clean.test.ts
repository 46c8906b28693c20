import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanParcel, cleanTrackingEvent, normalizeCity, normalizeStatus, parseBrazilianDate } from '../src';

const iso = (v: string) => parseBrazilianDate(v)?.toISOString() ?? null;

test('carrier wordings map to one canonical status', () => {
  const cases: Array<[string, string]> = [
    ['Objeto postado', 'posted'],
    ['POSTADO', 'posted'],
    ['em trânsito', 'in_transit'],
    ['  EM TRANSITO ', 'in_transit'],
    ['Saiu para entrega', 'out_for_delivery'],
    ['Objeto saiu para entrega ao destinatário', 'out_for_delivery'],
    ['Tentativa de entrega', 'delivery_failed'],
    ['ENTREGUE', 'delivered'],
    ['Objeto entregue ao destinatário', 'delivered'],
    ['Devolvido ao remetente', 'returned'],
    ['Aguardando retirada', 'awaiting_pickup'],
    ['Extraviado', 'lost'],
  ];
  for (const [text, status] of cases) assert.equal(normalizeStatus(text), status, text);
  assert.equal(normalizeStatus('Teleportado'), null);
});

test('city names get single spaces, pt-BR title case and known accents', () => {
  assert.equal(normalizeCity('SAO PAULO'), 'São Paulo');
  assert.equal(normalizeCity('goiania'), 'Goiânia');
  assert.equal(normalizeCity('  rio   de janeiro '), 'Rio de Janeiro');
  assert.equal(normalizeCity('SANTA RITA DO SAPUCAÍ'), 'Santa Rita do Sapucaí');
});

test('Brazilian dates become UTC with São Paulo historic DST (not a fixed -03:00)', () => {
  assert.equal(iso('15/07/2018 10:00'), '2018-07-15T13:00:00.000Z'); // winter: -03
  assert.equal(iso('15/01/2018 10:00'), '2018-01-15T12:00:00.000Z'); // summer time 2017/18: -02
  assert.equal(iso('17/02/2019 23:30'), '2019-02-18T02:30:00.000Z'); // DST ended at 00:00 that day
  assert.equal(iso('15/01/2024 10:00:30'), '2024-01-15T13:00:30.000Z'); // DST abolished in 2019
  assert.equal(iso('04/11/2018 00:30'), '2018-11-04T03:30:00.000Z'); // in the spring-forward gap
  assert.equal(iso('01/03/2024'), '2024-03-01T03:00:00.000Z');
  assert.equal(iso('2024-03-01T10:00:00-03:00'), '2024-03-01T13:00:00.000Z');
  assert.equal(iso('2024-03-01T10:00:00Z'), '2024-03-01T10:00:00.000Z');
  assert.equal(iso('2024-03-01 10:00'), '2024-03-01T13:00:00.000Z');
  assert.equal(iso('2024-03-01T10:00:00.250+0530'), '2024-03-01T04:30:00.250Z');
  for (const bad of ['31/02/2024', '29/02/2023 10:00', '2024-13-01', '10/10/24', 'ontem', '01/01/1900'])
    assert.equal(iso(bad), null, bad);
});

test('every rejection reason, with the column it concerns', () => {
  const ok = { trackingCode: 'AA123456789BR', status: 'Postado', occurredAt: '01/03/2024 10:00' };
  const reasons = (raw: object) => {
    const r = cleanTrackingEvent({ ...ok, ...raw });
    return r.ok ? null : [r.rejection.column, r.rejection.reason];
  };
  assert.deepEqual(reasons({ trackingCode: '  ' }), ['trackingCode', 'required']);
  assert.deepEqual(reasons({ trackingCode: 'A#1' }), ['trackingCode', 'invalid_tracking_code']);
  assert.deepEqual(reasons({ status: 'Teleportado' }), ['status', 'unknown_status']);
  assert.deepEqual(reasons({ occurredAt: '' }), ['occurredAt', 'required']);
  assert.deepEqual(reasons({ occurredAt: '32/01/2024' }), ['occurredAt', 'invalid_date']);
  assert.deepEqual(reasons({ occurredAt: '01/01/2099 10:00' }), ['occurredAt', 'date_in_future']);
  assert.deepEqual(reasons({ uf: 'XX' }), ['uf', 'invalid_uf']);
  assert.deepEqual(reasons({ facility: 'x'.repeat(201) }), ['facility', 'too_long']);
  assert.equal(reasons({ uf: ' sp ', city: 'campinas' }), null);
  const parcel = (raw: object) => {
    const r = cleanParcel({ trackingCode: 'AA123456789BR', ...raw });
    return r.ok ? r.value : [r.rejection.column, r.rejection.reason];
  };
  assert.deepEqual(parcel({ recipientCep: '0131-100' }), ['recipientCep', 'invalid_cep']);
  assert.deepEqual(parcel({ weightKg: '-1' }), ['weightKg', 'invalid_weight']);
  assert.deepEqual(parcel({ weightKg: 'leve' }), ['weightKg', 'invalid_weight']);
  assert.deepEqual(parcel({ senderUf: 'SPX' }), ['senderUf', 'invalid_uf']);
  const good = parcel({ recipientCep: '01310-100', weightKg: '1,25', recipientUf: 'rj' });
  assert.ok(!Array.isArray(good));
  assert.equal(good.recipientCep, '01310100');
  assert.equal(good.weightKg, 1.25);
  assert.equal(good.recipientUf, 'RJ');
});
