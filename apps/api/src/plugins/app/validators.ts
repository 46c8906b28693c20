import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { strictDateTime } from './strict-date-time';

/**
 * Query strings and path parameters are text, so their numbers and booleans are coerced from it; a
 * JSON body is validated as sent: `"12"`, `null`, `true` or `[12]` are not the number 12 there, and a
 * wrong type is a 400 instead of a silently different value.
 */
function buildAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    addUsedSchema: false,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  ajv.addFormat('date-time', strictDateTime);
  return ajv;
}

export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  const text = buildAjv('array');
  const json = buildAjv(false);
  return ({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema as object);
}
