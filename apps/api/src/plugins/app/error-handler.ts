import type { Socket } from 'node:net';
import { AppError } from '@pioneira/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const send = (code: string, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

function describeValidation(error: FastifyError) {
  return (error.validation ?? []).map((v) => ({
    field: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}`,
    problem: v.message,
    ...(v.params && Object.keys(v.params).length > 0 ? { params: v.params } : {}),
  }));
}

/**
 * The first problem in words: a value outside a list of strings (a union of literals, which Ajv
 * reports once per literal as "must be equal to constant") is told with the values it may take.
 */
function summary(details: ReturnType<typeof describeValidation>): string {
  const first = details[0];
  if (!first) return 'the input is not valid';
  const allowed = details
    .filter((d) => d.field === first.field && d.problem === 'must be equal to constant')
    .map((d) => d.params?.allowedValue)
    .filter((v) => typeof v === 'string');
  if (allowed.length > 0) return `${first.field} must be one of ${allowed.join(', ')}`;
  return `${first.field} ${first.problem}`;
}

/**
 * Errors the router raises before any route runs (a malformed escape, an over-long parameter), in
 * the same shape as every other error. Passed to Fastify as `frameworkErrors`.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (error.statusCode ?? 400);
  const message =
    status === 414
      ? 'A path parameter is too long; check the URL.'
      : 'The URL is malformed (a bad %-escape or character); check it.';
  return reply.status(status).send(send(status === 414 ? 'uri_too_long' : 'bad_url', message));
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are too large.'],
  HPE_URI_TOO_LONG: [414, 'uri_too_long', 'The URL is too long.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request took too long to arrive.'],
};

/**
 * Requests Node's HTTP parser refuses (huge headers, malformed HTTP, slow headers) never reach
 * Fastify; they are answered here, in the error shape, and the connection is closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const [status, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'bad_request',
    'The request is not valid HTTP.',
  ];
  const body = JSON.stringify(send(code, message));
  const reason = {
    400: 'Bad Request',
    408: 'Request Timeout',
    414: 'URI Too Long',
    431: 'Request Header Fields Too Large',
  }[status];
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** One error shape for everything: `{ error: { code, message, details? } }`; 5xx messages never leave. */
export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.status).send(send(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = describeValidation(error);
      return reply
        .status(400)
        .send(send('validation_failed', `Invalid request: ${summary(details)}.`, details));
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const code = (error.code ?? 'bad_request').replace(/^FST_(ERR_)?/, '').toLowerCase();
      return reply.status(status).send(send(code, error.message));
    }
    request.log.error({ err: error, url: request.url, method: request.method }, 'request failed');
    return reply
      .status(500)
      .send(send('internal_error', 'Something went wrong on our side; it was logged. Try again.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(send('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
});
