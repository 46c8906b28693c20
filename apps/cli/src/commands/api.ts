import { startApi } from '@pioneira/api';
import { configFrom, untilSignal } from '../env';
import type { Command } from './index';

export const api: Command = {
  summary: 'run the REST API (and device ingest) on API_HOST:API_PORT',
  async run(_args, env) {
    const server = await startApi(configFrom(env));
    await untilSignal();
    await server.close();
  },
};
