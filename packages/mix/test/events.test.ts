import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { MixFaults } from '@pioneira/mix-simulator';
import { formatSinceToken, MixError, type PageReport, runMixEvents } from '../src';
import { compare, createHarness, type Harness } from './helpers';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(() => h.close());
beforeEach(() =>
  h.sim.setFaults({ serverErrorRate: 0, connectionResetRate: 0, latencyMs: 0, duplicateAcrossPages: false }),
);

/**
 * The simulator never creates events at or before a cursor it already handed out, so a burst made
 * right after a drain would share one millisecond (one page). Small batches a few ms apart spread it.
 */
async function generateSpread(n: number) {
  for (let made = 0; made < n; made += 50) {
    h.sim.generateEvents(Math.min(50, n - made));
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Adds `n` events, runs the job (optionally flipping faults after the first page) and compares with the truth. */
async function ingest(
  n: number,
  faults: Partial<MixFaults> = {},
  midRun?: Partial<MixFaults>,
  quantity = 250,
) {
  await generateSpread(n);
  h.sim.setFaults(faults);
  const client = await h.client();
  const pages: PageReport[] = [];
  const report = await runMixEvents(h.db.sql, client, {
    quantity,
    onPage: (p) => {
      pages.push(p);
      if (pages.length === 1 && midRun) h.sim.setFaults(midRun);
    },
  });
  h.sim.setFaults({ serverErrorRate: 0, connectionResetRate: 0, latencyMs: 0, duplicateAcrossPages: false });
  assert.equal(report.status, 'succeeded', report.error?.message);
  assert.deepEqual(compare(h.sim.groundTruth(), await h.storedIds()), { lost: 0, duplicated: 0, extra: 0 });
  return { report, pages, client };
}

test('pages through many pages; 19-digit negative ids round-trip exactly', async () => {
  const { report, pages } = await ingest(3_000, {}, undefined, 200);
  assert.ok(report.pages >= 15, `${report.pages} pages`);
  assert.ok(
    pages.some((p) => p.events > 200),
    'quantity overshoot is taken as it comes',
  );
  const negative = h.sim.groundTruth().filter((id) => id.startsWith('-') && id.length === 20);
  assert.ok(negative.length > 0);
  const rows = await h.db
    .sql`SELECT external_id, raw->>'EventId' AS raw_id FROM telemetry_events WHERE external_id = ANY(${negative})`;
  assert.equal(rows.length, negative.length);
  for (const row of rows) assert.equal(row.raw_id, row.external_id);
});

test('5xx answers are retried', async () => {
  const { client, report } = await ingest(1_500, { serverErrorRate: 0.4 }, undefined, 100);
  assert.ok(client.stats.retries > 0, JSON.stringify({ ...client.stats, pages: report.pages }));
});

test('connection resets are retried', async () => {
  const { client } = await ingest(1_500, { connectionResetRate: 0.4 }, undefined, 100);
  assert.ok(client.stats.retries > 0);
});

test('timeouts: a slow MiX is retried until it answers', async () => {
  const t = setTimeout(() => h.sim.setFaults({ latencyMs: 0 }), 2_500);
  try {
    const { client } = await ingest(800, { latencyMs: 2_000 });
    assert.ok(client.stats.retries > 0);
  } finally {
    clearTimeout(t);
  }
});

test('a 429 storm is waited out with Retry-After, then paging goes on', async () => {
  const { client } = await ingest(1_000, {}, { rateLimitStorm: 1 });
  assert.ok(client.stats.rateLimited > 0);
});

test('the access token expiring in the middle of a run is refreshed', async () => {
  const { client } = await ingest(1_000, {}, { expireTokensNow: true });
  assert.ok(client.tokens.requests >= 1, 'a new token was obtained in the middle of the run');
});

test('a revoked refresh token falls back to the password grant', async () => {
  await ingest(100);
  const [before] = await h.db.sql`SELECT refresh_token_enc FROM api_credentials`;
  assert.ok(before?.refresh_token_enc, 'a refresh token is stored before the run');
  const { client } = await ingest(300, { expireTokensNow: true, revokeRefreshTokens: true });
  // One refused refresh grant, then one password grant: exactly two calls to the token endpoint.
  assert.equal(client.tokens.requests, 2);
  const [after] = await h.db.sql`SELECT refresh_token_enc FROM api_credentials`;
  assert.ok(after.refresh_token_enc, 'the password grant stored a new refresh token');
  assert.notDeepEqual(after.refresh_token_enc, before.refresh_token_enc);
});

test('the same event repeated across pages is stored once and counted as a duplicate', async () => {
  const { report } = await ingest(1_000, { duplicateAcrossPages: true });
  assert.ok(report.duplicates > 0);
});

test('a since token older than 7 days restarts from the oldest allowed point and records the gap', async () => {
  await h.db
    .sql`UPDATE etl_control SET last_successful_sincetoken = ${formatSinceToken(Date.now() - 8 * 86_400_000)} WHERE job = 'mix.events'`;
  const { report } = await ingest(300);
  assert.ok(report.gap);
  const [run] = await h.db.sql`SELECT gap_from, gap_to, status FROM etl_runs WHERE id = ${report.runId!}`;
  assert.equal(run.status, 'succeeded');
  assert.ok(
    run.gap_to.getTime() - run.gap_from.getTime() > 86_000_000,
    'about a day of history is reported lost',
  );
});

test('refused credentials fail the run with a permanent error that says what to fix', async () => {
  const client = await h.client();
  (client as unknown as { tokens: { credentials: { password: string } } }).tokens.credentials.password =
    'wrong';
  await h.db.sql`UPDATE api_credentials SET access_token_enc = NULL, refresh_token_enc = NULL`;
  h.sim.generateEvents(10);
  const report = await runMixEvents(h.db.sql, client, {});
  assert.equal(report.status, 'failed');
  assert.ok(report.error instanceof MixError && report.error.permanent);
  const [run] = await h.db.sql`SELECT error FROM etl_runs WHERE id = ${report.runId!}`;
  assert.match(run.error, /credentials/);
});
