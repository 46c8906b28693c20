import assert from 'node:assert/strict';
import { test } from 'node:test';
import { credentialStore, type EtlJobQueue, EtlService, runMixEvents } from '../src';
import { compare, createHarness, type Harness } from './helpers';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** 450 events in 15 bursts spread from 5 hours to 6.5 days ago, as a fleet's history sits on MiX. */
function history(h: Harness) {
  const now = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < 15; i++) {
    const at = now - 5 * HOUR - (i * (6.5 * DAY - 5 * HOUR)) / 14;
    ids.push(...h.sim.generateEvents(30, new Date(at)));
  }
  return ids;
}

const queue = (): EtlJobQueue & { runs: number } => ({
  runs: 0,
  async runNow() {
    this.runs++;
    return String(this.runs);
  },
  waiting: async () => 0,
});

test('the first run back-fills the whole history MiX keeps, every event once', async () => {
  const h = await createHarness();
  try {
    const ids = history(h);
    assert.equal(ids.length, 450);
    const report = await runMixEvents(h.db.sql, await h.client(), { quantity: 40 });
    assert.equal(report.status, 'succeeded', report.error?.message);
    assert.ok(report.pages > 5, `${report.pages} pages`);
    assert.deepEqual(compare(h.sim.groundTruth(), await h.storedIds()), { lost: 0, duplicated: 0, extra: 0 });
    // A second run finds nothing new and stores nothing twice.
    const again = await runMixEvents(h.db.sql, await h.client(), { quantity: 40 });
    assert.equal(again.inserted, 0);
    assert.equal((await h.storedIds()).length, 450);
  } finally {
    await h.close();
  }
});

test('MIX_BACKFILL_DAYS bounds how far back the first run reaches', async () => {
  const h = await createHarness();
  try {
    const now = Date.now();
    const recent = h.sim.generateEvents(20, new Date(now - 10 * HOUR));
    h.sim.generateEvents(20, new Date(now - 3 * DAY));
    const report = await runMixEvents(h.db.sql, await h.client(), { backfillDays: 1 });
    assert.equal(report.status, 'succeeded', report.error?.message);
    assert.deepEqual((await h.storedIds()).sort(), [...recent].sort());
  } finally {
    await h.close();
  }
});

test('lag is the time since MiX said "nothing more", also on a quiet fleet; newest item age is its own number', async () => {
  const h = await createHarness();
  try {
    h.sim.generateEvents(30, new Date(Date.now() - 5 * HOUR));
    const etl = new EtlService(h.db.sql, queue(), credentialStore(h.config, h.db.sql));
    assert.equal((await etl.status('mix.events')).lagSeconds, null, 'never caught up: no lag');
    await runMixEvents(h.db.sql, await h.client());
    // Pretend the catch-up was long ago; a quiet run (204, same token) confirms it again.
    await h.db.sql`UPDATE etl_control SET caught_up_at = now() - interval '2 hours' WHERE job = 'mix.events'`;
    assert.ok(((await etl.status('mix.events')).lagSeconds ?? 0) >= 7200);
    const quiet = await runMixEvents(h.db.sql, await h.client());
    assert.equal(quiet.fetched, 0);
    const status = await etl.status('mix.events');
    assert.ok(
      status.lagSeconds !== null && status.lagSeconds < 600,
      `caught up just now, got ${status.lagSeconds}`,
    );
    // The events are ~5 h old: that is the newest item's age, not the lag.
    assert.ok(status.newestItemAgeSeconds !== null && status.newestItemAgeSeconds >= 5 * 3600 - 60);
    assert.ok(status.newestItemAgeSeconds < 6 * 3600);
  } finally {
    await h.close();
  }
});

test('recover from a date pages the history again on its own cursor, after the live stream, with progress', async () => {
  const h = await createHarness();
  try {
    history(h);
    const client = await h.client();
    await runMixEvents(h.db.sql, client, { quantity: 40 });
    // Lose a part of the history, as a restore from an old backup would.
    await h.db.sql`DELETE FROM telemetry_events WHERE started_at < now() - interval '2 days'`;
    const lost = 450 - (await h.storedIds()).length;
    assert.ok(lost > 100, `${lost} events lost`);
    const q = queue();
    const etl = new EtlService(h.db.sql, q, credentialStore(h.config, h.db.sql), { backfillDays: 7 });

    await assert.rejects(etl.recover('mix.events', new Date(Date.now() - 8 * DAY), 'u1'), /7 days/);
    await assert.rejects(etl.recover('mix.events', new Date(Date.now() + HOUR), 'u1'), /between/);
    await assert.rejects(etl.recover('mix.sync', new Date(Date.now() - DAY), 'u1'), /no history/);

    const asked = await etl.recover('mix.events', new Date(Date.now() - 6.9 * DAY), 'u1');
    assert.equal(q.runs, 1, 'a run was queued');
    assert.equal(asked.recovery?.active, true);
    assert.equal(asked.recovery?.pages, 0);

    // Live data keeps flowing: one recovery page per run, the new live events in the same run.
    const live = h.sim.generateEvents(10);
    const first = await runMixEvents(h.db.sql, client, { quantity: 40, recoveryPagesPerRun: 1 });
    assert.equal(first.recoveryPages, 1);
    const stored = new Set(await h.storedIds());
    assert.ok(
      live.every((id) => stored.has(id)),
      'the live events did not wait behind the recovery',
    );
    const during = await etl.status('mix.events');
    assert.equal(during.recovery?.active, true);
    assert.equal(during.recovery?.pages, 1);
    assert.ok((during.recovery?.items ?? 0) > 0);
    assert.notEqual(during.recovery?.estimatedSecondsLeft, undefined);

    for (let i = 0; i < 50 && (await etl.status('mix.events')).recovery?.active; i++)
      await runMixEvents(h.db.sql, client, { quantity: 40 });
    const done = await etl.status('mix.events');
    assert.equal(done.recovery?.active, false);
    assert.equal(done.recovery?.estimatedSecondsLeft, 0);
    assert.deepEqual(compare(h.sim.groundTruth(), await h.storedIds()), { lost: 0, duplicated: 0, extra: 0 });
  } finally {
    await h.close();
  }
});
