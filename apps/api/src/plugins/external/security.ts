import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Security headers, CORS limited to the web origin, cookies and form bodies. */
export default fp(async function security(app: FastifyInstance) {
  // The API answers JSON; the docs page needs inline scripts, so no CSP here (the web app sets its own).
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  await app.register(cors, { origin: [app.deps.config.web.origin], credentials: true });
  await app.register(cookie);
  await app.register(formbody);
});
