import { Type } from '@sinclair/typebox';
import { DateTime, NullableDateTime, RoleSchema } from './common';

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  status: Type.Union([Type.Literal('active'), Type.Literal('pending'), Type.Literal('inactive')]),
  locale: Type.Union([Type.Literal('pt-BR'), Type.Literal('en'), Type.Null()]),
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
