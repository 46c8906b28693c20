export { AuthService, type ClientInfo, type Principal, type Tokens } from './auth/auth.service';
export { LoginThrottle } from './auth/login-throttle';
export { SessionCache } from './auth/session-cache';
export { AccessTokens } from './auth/tokens';
export type { EventFilter } from './events/events.repository';
export { EventsService, type EventType, type TelemetryEvent } from './events/events.service';
export {
  JUSTIFICATION_MAX_LENGTH,
  type Justification,
  type JustificationChange,
  JustificationsService,
} from './events/justifications';
export { type Assignment, type AssignmentInput, AssignmentsService } from './fleet/assignments.service';
export { DriverProjection } from './fleet/driver-projection';
export type { DriverSort } from './fleet/drivers.repository';
export { type Driver, FleetService, type Vehicle } from './fleet/fleet.service';
export { FleetAdminService } from './fleet/fleet-admin.service';
export { SEVERITIES, SEVERITY_POINTS, type Severity } from './fleet/severity';
export { VEHICLE_SORT_COLUMNS, type VehicleSort } from './fleet/vehicles.repository';
export { createMailer, type Mail, type Mailer } from './mail/mailer';
export { assertStrongPassword, hashPassword } from './users/passwords';
export { ROLES, type Role, type User, type UserStatus } from './users/user';
export type { UserFilter } from './users/users.repository';
export { UsersService } from './users/users.service';
