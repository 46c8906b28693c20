export { AuthService, type ClientInfo, type Tokens } from './auth/auth.service';
export { LoginThrottle } from './auth/login-throttle';
export { AccessTokens } from './auth/tokens';
export {
  ETL_JOB_NAMES,
  type EtlJobName,
  type EtlJobQueue,
  type EtlJobStatus,
  type EtlRun,
  EtlService,
} from './etl/etl.service';
export type { EventFilter } from './events/events.repository';
export { EventsService, type EventType, type TelemetryEvent } from './events/events.service';
export type { DriverSort } from './fleet/drivers.repository';
export { type Driver, FleetService, type Vehicle } from './fleet/fleet.service';
export { SEVERITIES, SEVERITY_POINTS, type Severity } from './fleet/severity';
export { assertStrongPassword, hashPassword } from './users/passwords';
export { ROLES, type Role, type User, type UserStatus } from './users/user';
export type { UserFilter } from './users/users.repository';
export { UsersService } from './users/users.service';
