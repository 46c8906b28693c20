import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStore, type StoredEvent } from '../src/event-store';

function event(store: EventStore, createdMs: number, id: number): StoredEvent {
  const big = BigInt(id);
  return {
    createdMs,
    seq: store.nextSeq(),
    eventId: big,
    assetId: big,
    assetSiteId: 1n,
    driverId: big,
    driverSiteId: 1n,
    eventTypeId: 1n,
    json: '{}',
  };
}

describe('EventStore paging by millisecond cursor', () => {
  it('never ends a page inside a millisecond, so a cursor cannot split events sharing it', () => {
    const store = new EventStore();
    store.insert([
      event(store, 1000, 1),
      event(store, 1001, 2),
      event(store, 1001, 3),
      event(store, 1001, 4),
      event(store, 1002, 5),
    ]);
    const first = store.page(999, 2, 5000, () => true);
    assert.deepEqual(
      first.events.map((e) => Number(e.eventId)),
      [1, 2, 3, 4],
    );
    assert.equal(first.hasMore, true);
    const second = store.page(1001, 2, 5000, () => true);
    assert.deepEqual(
      second.events.map((e) => Number(e.eventId)),
      [5],
    );
    assert.equal(second.hasMore, false);
  });

  it('hides events of the current millisecond until it is over', () => {
    const store = new EventStore();
    store.insert([event(store, 1000, 1), event(store, 2000, 2)]);
    assert.deepEqual(
      store.page(0, 10, 2000, () => true).events.map((e) => Number(e.eventId)),
      [1],
    );
    assert.deepEqual(
      store.page(0, 10, 2001, () => true).events.map((e) => Number(e.eventId)),
      [1, 2],
    );
  });

  it('keeps pruned events in the ground truth', () => {
    const store = new EventStore();
    store.insert([event(store, 1000, 1), event(store, 2000, 2)]);
    store.prune(1500);
    assert.equal(store.size, 1);
    assert.deepEqual(store.allIds(), ['1', '2']);
  });
});
