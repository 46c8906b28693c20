import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context';
import { sendMixError } from '../http-errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Client + user behind the bearer token, set by the API guard. */
    mixCredential?: string;
  }
}

const QUOTA_MESSAGE = (limit: number) => `API calls quota exceeded! maximum admitted ${limit} per Minute.`;

/**
 * What stands in front of every API route, in the order the real stack applies it:
 * bearer token (401), rate-limit storm and per-credential quota (429), injected server errors.
 */
export function apiGuard(ctx: SimulatorContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const now = Date.now();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const credential = match ? ctx.tokens.authenticate(match[1], now) : undefined;
    if (!credential) {
      reply.header('www-authenticate', 'Bearer');
      return sendMixError(reply, 401, 'Authorization has been denied for this request.');
    }
    request.mixCredential = credential;
    const storm = ctx.faults.stormRetryAfter(now);
    if (storm !== undefined) return sendQuotaExceeded(reply, ctx.limiter.perMinute || 20, storm);
    const refused = ctx.limiter.take(credential, now);
    if (refused) return sendQuotaExceeded(reply, ctx.limiter.perMinute, refused.retryAfterSeconds);
    return injectServerError(ctx, reply);
  };
}

/** Answers with an injected 5xx when the fault dice say so; otherwise lets the request through. */
export function injectServerError(ctx: SimulatorContext, reply: FastifyReply): FastifyReply | undefined {
  const status = ctx.faults.serverErrorStatus();
  if (status === undefined) return undefined;
  if (status === 500) return sendMixError(reply, 500, 'An error has occurred.');
  return reply
    .code(status)
    .header('content-type', 'text/html')
    .send(
      `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`,
    );
}

function sendQuotaExceeded(reply: FastifyReply, limit: number, retryAfterSeconds: number): FastifyReply {
  // AspNetCoreRateLimit writes the message as plain text with a Retry-After in seconds.
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .header('content-type', 'text/plain; charset=utf-8')
    .send(QUOTA_MESSAGE(limit));
}
