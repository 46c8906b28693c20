import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { ApiDeps } from './deps';
import authorization from './plugins/app/authorization';
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/app/error-handler';
import inputGuard from './plugins/app/input-guard';
import metrics from './plugins/app/metrics';
import { validatorCompiler } from './plugins/app/validators';
import docs from './plugins/external/docs';
import security from './plugins/external/security';
import alertRulesRoutes from './routes/api/alerts/alert-rules.routes';
import deliveriesRoutes from './routes/api/alerts/deliveries.routes';
import notificationsRoutes from './routes/api/alerts/notifications.routes';
import webhookEndpointsRoutes from './routes/api/alerts/webhook-endpoints.routes';
import assignmentsRoutes from './routes/api/assignments/assignments.routes';
import authRoutes from './routes/api/auth/auth.routes';
import commandsRoutes from './routes/api/commands/commands.routes';
import devicesRoutes from './routes/api/devices/devices.routes';
import driversRoutes from './routes/api/drivers/drivers.routes';
import scorecardRoutes from './routes/api/drivers/scorecard.routes';
import etlRoutes from './routes/api/etl/etl.routes';
import eventTypesRoutes from './routes/api/events/event-types.routes';
import eventsRoutes from './routes/api/events/events.routes';
import geofencesRoutes from './routes/api/geofences/geofences.routes';
import importsRoutes from './routes/api/imports/imports.routes';
import integrationKeysRoutes from './routes/api/integration-keys/integration-keys.routes';
import liveRoutes from './routes/api/live/live.routes';
import parcelsRoutes from './routes/api/parcels/parcels.routes';
import positionsRoutes from './routes/api/positions/positions.routes';
import rankingsRoutes from './routes/api/rankings/rankings.routes';
import reportsRoutes from './routes/api/reports/reports.routes';
import visitsRoutes from './routes/api/reports/visits.routes';
import rulesRoutes from './routes/api/rules/rules.routes';
import usersRoutes from './routes/api/users/users.routes';
import vehiclesRoutes from './routes/api/vehicles/vehicles.routes';
import trackRoutes from './routes/api/vehicles-track/track.routes';
import healthRoutes from './routes/health';
import deviceHttpRoutes from './routes/ingest/device-http.routes';
import ingestPositionsRoutes from './routes/ingest/positions.routes';
import trackingEventsRoutes from './routes/ingest/tracking-events.routes';
import './types';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The API as one Fastify instance; `server.ts` only adds listen and graceful close. */
export async function buildApp(deps: ApiDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    // Only the configured proxies (the web app's, loopback by default) may say who the client is;
    // anyone else's X-Forwarded-For is ignored, or it would pick its own throttle bucket.
    trustProxy: deps.config.api.trustedProxies,
    bodyLimit: 4 * 1024 * 1024,
    // A caller's x-request-id is kept only when it is short and plain: it is echoed and logged.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    },
    frameworkErrors,
    clientErrorHandler,
    ...options,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(validatorCompiler());
  app.decorate('deps', deps);
  await deps.start();
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(errorHandler);
  await app.register(inputGuard);
  await app.register(security);
  await app.register(docs);
  await app.register(metrics);
  await app.register(authorization);
  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(usersRoutes, { prefix: '/api/users' });
  await app.register(etlRoutes, { prefix: '/api/etl' });
  await app.register(eventsRoutes, { prefix: '/api/events' });
  await app.register(eventTypesRoutes, { prefix: '/api/event-types' });
  await app.register(driversRoutes, { prefix: '/api/drivers' });
  await app.register(scorecardRoutes, { prefix: '/api/drivers' });
  await app.register(vehiclesRoutes, { prefix: '/api/vehicles' });
  await app.register(rankingsRoutes, { prefix: '/api/rankings' });
  await app.register(rulesRoutes, { prefix: '/api/rules' });
  await app.register(reportsRoutes, { prefix: '/api/reports' });
  await app.register(visitsRoutes, { prefix: '/api/reports' });
  await app.register(geofencesRoutes, { prefix: '/api/geofences' });
  await app.register(devicesRoutes, { prefix: '/api/devices' });
  await app.register(trackRoutes, { prefix: '/api' });
  await app.register(commandsRoutes, { prefix: '/api' });
  await app.register(assignmentsRoutes, { prefix: '/api' });
  await app.register(positionsRoutes, { prefix: '/api/positions' });
  await app.register(liveRoutes, { prefix: '/api/live' });
  await app.register(ingestPositionsRoutes, { prefix: '/ingest' });
  await app.register(deviceHttpRoutes, { prefix: '/ingest' });
  await app.register(parcelsRoutes, { prefix: '/api/parcels' });
  await app.register(importsRoutes, { prefix: '/api/imports' });
  await app.register(integrationKeysRoutes, { prefix: '/api/integration-keys' });
  await app.register(trackingEventsRoutes);
  await app.register(alertRulesRoutes, { prefix: '/api/alert-rules' });
  await app.register(webhookEndpointsRoutes, { prefix: '/api/webhook-endpoints' });
  await app.register(deliveriesRoutes, { prefix: '/api/alert-deliveries' });
  await app.register(notificationsRoutes, { prefix: '/api/notifications' });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
