import { AppError, forbidden } from '@pioneira/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Principal } from '../../types';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * One mechanism for every route: `config.access` declares who may call it. A route under /api that
 * forgets to declare it does not start, so nothing is public by accident.
 */
export default fp(async function authorization(app: FastifyInstance) {
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if ((url.startsWith('/api/') || url.startsWith('/ingest/')) && route.config?.access === undefined)
      throw new Error(`Route ${route.method} ${url} must declare config.access`);
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const token = bearer(request);
    const principal: Principal | undefined = token ? await app.deps.auth.authenticate(token) : undefined;
    if (!principal)
      throw new AppError(
        401,
        'unauthenticated',
        'Sign in first: send a valid access token as "Authorization: Bearer …".',
      );
    request.principal = principal;
    if (access !== 'authenticated' && !access.includes(principal.role))
      throw forbidden(`This needs one of the roles ${access.join(', ')}; you are ${principal.role}.`);
  });
});
