import { AppError, forbidden } from '@pioneira/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Principal } from '../../types';

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  hasBody: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api and /ingest route with who may call it: the authorization tests walk it. */
    routeAccess: RouteAccess[];
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/**
 * One mechanism for every route: `config.access` declares who may call it. A route under /api that
 * forgets to declare it does not start, so nothing is public by accident.
 */
export default fp(async function authorization(app: FastifyInstance) {
  const catalog: RouteAccess[] = [];
  app.decorate('routeAccess', catalog);
  app.decorateRequest('principal', undefined);
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (!url.startsWith('/api/') && !url.startsWith('/ingest/')) return;
    const access = route.config?.access;
    if (access === undefined) throw new Error(`Route ${route.method} ${url} must declare config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') catalog.push({ method, url, access, hasBody: Boolean(route.schema?.body) });
    }
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
