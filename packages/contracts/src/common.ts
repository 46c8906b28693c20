import {
  type SchemaOptions,
  type Static,
  type TLiteral,
  type TSchema,
  type TUnion,
  Type,
} from '@sinclair/typebox';
import { ROLES } from './enums';

/**
 * A type as it travels in JSON: handlers may return `Date`, the wire (and so the web app) sees ISO
 * strings. `Wire<Static<typeof S>>` is what a client of the route receives.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The wire type of a schema. */
export type WireOf<S extends TSchema> = Wire<Static<S>>;

/** A string schema limited to `values`, typed as their union, so route code needs no casts. */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as unknown as TUnion<LiteralsOf<T>>;
}

/** The literal schemas of a tuple of strings, as a tuple (so every type provider reads the union). */
type LiteralsOf<T extends readonly string[]> = T extends readonly [
  infer Head extends string,
  ...infer Rest extends readonly string[],
]
  ? [TLiteral<Head>, ...LiteralsOf<Rest>]
  : [];

/** `schema` or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** One page of a list, as every list route answers. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody' },
);

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const Password = Type.String({ minLength: 1, maxLength: 200 });
export const RoleSchema = StringEnum(ROLES);

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 25 }),
};

export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });

/** The error responses every protected route may give, for the OpenAPI document. */
export const protectedErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** A timestamp: handlers return Date, the wire carries ISO-8601 UTC. */
export const DateTime = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const NullableDateTime = Type.Unsafe<Date | string | null>({
  anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
});

export type ErrorBody = Static<typeof ErrorBody>;
