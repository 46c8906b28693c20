export { AuthService, type ClientInfo, type Tokens } from './auth/auth.service';
export { LoginThrottle } from './auth/login-throttle';
export { AccessTokens } from './auth/tokens';
export { AppError, badRequest, conflict, forbidden, notFound, unauthorized } from './shared/errors';
export type { Page, PageRequest } from './shared/pagination';
export { assertStrongPassword, hashPassword } from './users/passwords';
export { ROLES, type Role, type User, type UserStatus } from './users/user';
export type { UserFilter } from './users/users.repository';
export { UsersService } from './users/users.service';
