-- What device ingest refused before storing, by reason (wrong protocol, bad secret, fix time outside
-- the window, unstorable value, connection caps, …) and protocol, summed over every process that
-- ingests (api replicas, listeners workers). Each flushes its counts every few seconds; /metrics
-- reads this table at scrape time.
CREATE TABLE ingest_refusals (
  reason text NOT NULL,
  protocol text NOT NULL,
  refused bigint NOT NULL DEFAULT 0,
  last_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reason, protocol)
);
