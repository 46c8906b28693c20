import { api } from './api';
import { fleetSim } from './fleet-sim';
import { importCommand } from './import';
import { migrateCommand } from './migrate';
import { replay } from './replay';
import { start } from './start';
import { users } from './users';
import { worker } from './worker';

export interface Command {
  summary: string;
  run(args: string[], env: NodeJS.ProcessEnv): Promise<void>;
}

export const commands: Record<string, Command> = {
  start,
  migrate: migrateCommand,
  users,
  api,
  worker,
  import: importCommand,
  'fleet-sim': fleetSim,
  replay,
};
