export { CommandDispatcher, type DispatcherOptions } from './command-dispatcher';
export { commandsRepository, type Scope } from './commands.repository';
export { CommandsService, normalizeConfirmation } from './commands.service';
export type { Actor, AuditRow, CommandRow, SettingsRow, TargetDevice } from './types';
