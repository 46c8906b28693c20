import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { registerPipelineMetrics } from './pipeline-metrics';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

/**
 * Prometheus metrics at /metrics: process defaults, a request-latency histogram per route, and the
 * pipeline's health (consumer lag, outbox depth, ETL lag, refused devices) read at scrape time.
 */
export default fp(async function metrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pioneira_' });
  const latency = new Histogram({
    name: 'pioneira_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const { ingest } = app.deps.gps;
  new Counter({
    name: 'pioneira_ingest_refusals_total',
    help: 'What this process refused at device ingest, by reason (unknown_device, wrong_protocol, invalid_secret, fix_time, invalid_value, poison_write, …) and protocol',
    labelNames: ['reason', 'protocol'],
    registers: [registry],
    collect() {
      this.reset();
      for (const { reason, protocol, count } of ingest.refusals.entries())
        this.inc({ reason, protocol }, count);
    },
  });
  app.decorate('metrics', registry);
  const pipeline = registerPipelineMetrics({
    registry,
    config: app.deps.config,
    sql: app.deps.sql,
    rejectedPositions: () => app.deps.gps.ingest.rejections.total,
  });
  app.addHook('onClose', () => pipeline.close());
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    latency.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Public when served (Prometheus scrapes without a token), so closed by default in production.
  if (!app.deps.config.api.exposeMetrics) return;
  app.get('/metrics', { schema: { hide: true }, config: { access: 'public' } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
});
