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

/** An invitation just created or sent again: the token is shown this once. */
export const CreatedInvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  token: Type.String(),
  expiresAt: DateTime,
  emailed: Type.Boolean({ description: 'whether the link was e-mailed (SMTP_URL configured and accepted)' }),
});

export const PendingInvitationsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      email: Type.String(),
      role: RoleSchema,
      createdAt: DateTime,
      expiresAt: DateTime,
      expired: Type.Boolean(),
      sentAt: NullableDateTime,
      sendError: Type.Union([Type.String(), Type.Null()]),
      invitedBy: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  emailEnabled: Type.Boolean({ description: 'whether invitations are e-mailed (SMTP_URL configured)' }),
});

export type CreatedInvitation = WireOf<typeof CreatedInvitationSchema>;
export type PendingInvitations = WireOf<typeof PendingInvitationsSchema>;
