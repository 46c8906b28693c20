import type { Principal, Role } from '@pioneira/domain';
import type { ApiDeps } from './deps';

/** Who may call a route; every /api route declares it next to its handler. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type { Principal } from '@pioneira/domain';

declare module 'fastify' {
  interface FastifyInstance {
    deps: ApiDeps;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}
