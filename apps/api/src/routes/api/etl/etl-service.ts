import { EtlService } from '@pioneira/domain';
import { EtlQueues } from '@pioneira/jobs';
import { credentialStore } from '@pioneira/mix';
import type { FastifyInstance } from 'fastify';

/** The console's service, with a BullMQ producer closed together with the app. */
export function createEtlService(app: FastifyInstance): EtlService {
  const { config, sql } = app.deps;
  const queues = new EtlQueues(config.redisUrl, config.redisPrefix);
  app.addHook('onClose', () => queues.close());
  return new EtlService(sql, queues, credentialStore(config, sql));
}
