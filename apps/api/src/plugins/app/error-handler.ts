import { AppError } from '@pioneira/core';
import type { FastifyError, FastifyInstance } from 'fastify';
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

/** One error shape for everything: `{ error: { code, message, details? } }`; 5xx messages never leave. */
export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return reply.status(error.status).send(send(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = describeValidation(error);
      const first = details[0];
      return reply
        .status(400)
        .send(send('validation_failed', `Invalid request: ${first?.field} ${first?.problem}.`, details));
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
