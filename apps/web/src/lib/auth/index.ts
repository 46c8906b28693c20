export { AuthProvider, type UseAuth, useAuth } from './AuthProvider';
export { session } from './session';
export { type AuthTokens, ROLES, type Role, USER_STATUSES, type User, type UserStatus } from './types';
