import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NotificationView as Notification } from '@pioneira/contracts';
import { fromDraft, newDraft } from '../src/features/alerts/rule-draft';
import {
  EMPTY,
  mergeNotifications,
  nextPage,
  pushed,
  read,
} from '../src/features/notifications/notification-list';

const note = (id: string, minute: number, readAt: string | null = null): Notification => ({
  id,
  userId: 'u',
  title: `Alerta ${id}`,
  body: '',
  eventType: 'rules.overspeed',
  vehicleId: null,
  occurredAt: `2026-03-02T12:${String(minute).padStart(2, '0')}:00.000Z`,
  createdAt: `2026-03-02T12:${String(minute).padStart(2, '0')}:00.000Z`,
  readAt,
});

test('a notification pushed live is listed first and counted once, even if it comes twice', () => {
  const loaded = { items: [note('a', 1)], total: 1, unread: 1 };
  const once = pushed(loaded, note('b', 2));
  assert.deepEqual(
    once.items.map((n) => n.id),
    ['b', 'a'],
  );
  assert.equal(once.unread, 2);
  assert.equal(once.total, 2);
  assert.equal(pushed(once, note('b', 2)), once, 'the same notification again changes nothing');
  // Before the list was ever loaded only the count moves.
  assert.deepEqual(pushed({ ...EMPTY, unread: 0 }, note('c', 3)).unread, 1);
});

test('reading a notification lowers the count once; a page loaded after live ones overlaps without repeats', () => {
  const state = { items: [note('b', 2), note('a', 1)], total: 2, unread: 2 };
  const after = read(state, note('a', 1, '2026-03-02T12:05:00.000Z'));
  assert.equal(after.unread, 1);
  assert.equal(read(after, note('a', 1, '2026-03-02T12:05:00.000Z')).unread, 1, 'read twice counts once');
  const merged = mergeNotifications(state.items, [note('a', 1), note('z', 0)]);
  assert.deepEqual(
    merged.map((n) => n.id),
    ['b', 'a', 'z'],
  );
  // 12 loaded (two of them live) with pages of 10: the next page is the second, which overlaps.
  assert.equal(nextPage(12, 10), 2);
  assert.equal(nextPage(10, 10), 2);
  assert.equal(nextPage(0, 10), 1);
});

test('a rule draft says what to fix before the API is asked', () => {
  const blank = { ...newDraft('me'), userIds: [] };
  const refused = fromDraft({ ...blank, emails: 'ops@frota.test, not-an-address', throttleMinutes: '-5' });
  assert.ok('errors' in refused);
  assert.deepEqual(Object.keys(refused.errors).sort(), ['emails', 'name', 'throttleMinutes']);
  assert.deepEqual(refused.errors.emails?.vars, { email: 'not-an-address' });
  const nobody = fromDraft({ ...blank, name: 'Saída' });
  assert.ok('errors' in nobody && nobody.errors.recipients);
  const inAppOff = fromDraft({ ...newDraft('me'), name: 'Saída', inApp: false, emailUsers: false });
  assert.ok('errors' in inAppOff && inAppOff.errors.recipients, 'users told by no channel are nobody');
  const ok = fromDraft({
    ...newDraft('me'),
    name: '  Saída após 20h ',
    emails: 'Ops@Frota.test ops@frota.test',
    parcelCodes: 'pn000000001br, PN000000001BR',
    calendar: [{ days: [1], from: '20:00', to: '00:00' }],
    throttleMinutes: '15',
  });
  assert.ok('rule' in ok);
  assert.equal(ok.rule.name, 'Saída após 20h');
  assert.deepEqual(ok.rule.emails, ['ops@frota.test']);
  assert.deepEqual(ok.rule.parcelCodes, ['PN000000001BR']);
  assert.deepEqual(ok.rule.calendar, [{ day: 1, from: '20:00', to: '24:00' }]);
  assert.equal(ok.rule.throttleMinutes, 15);
  assert.deepEqual(ok.rule.userIds, ['me']);
});
