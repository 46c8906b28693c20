export type { AuthTokens, User } from '@pioneira/contracts';
export { ROLES, type Role, USER_STATUSES, type UserStatus } from '@pioneira/contracts/enums';
