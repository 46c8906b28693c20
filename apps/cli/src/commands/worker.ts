import { startWorker } from '@pioneira/worker';
import { options } from '../args';
import { configFrom, untilSignal } from '../env';
import type { Command } from './index';

export const worker: Command = {
  summary: 'run background roles: worker [--roles mix,relay,consumers] (all by default)',
  async run(args, env) {
    const { values } = options(args, { roles: { type: 'string' } });
    const only = values.roles
      ?.split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    const running = await startWorker(configFrom(env), only);
    console.log(`worker running roles: ${running.roles.join(', ') || '(none)'}`);
    await untilSignal();
    await running.stop();
  },
};
