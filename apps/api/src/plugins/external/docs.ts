import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** OpenAPI document generated from the route schemas, with Swagger UI at /docs unless EXPOSE_DOCS is off. */
export default fp(async function docs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Pioneira API', version: '0.1.0', description: 'Fleet telemetry platform REST API.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  // The document is always built (tests and the route catalogue read it); serving it is a choice,
  // closed by default in production (EXPOSE_DOCS).
  if (app.deps.config.api.exposeDocs) await app.register(swaggerUi, { routePrefix: '/docs' });
});
