import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime, RoleSchema, StringEnum, type WireOf } from './common';
import { LOCALES, USER_STATUSES } from './enums';

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  status: StringEnum(USER_STATUSES),
  locale: Type.Union([StringEnum(LOCALES), Type.Null()]),
  timeZone: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  lastLoginAt: NullableDateTime,
});

export const TokensSchema = Type.Object({
  accessToken: Type.String(),
  expiresIn: Type.Integer(),
  user: UserSchema,
});

export const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });

export type User = WireOf<typeof UserSchema>;
export type AuthTokens = WireOf<typeof TokensSchema>;
