import type { FastifyRequest, FastifyServerOptions } from 'fastify';

// Path segments that are secrets themselves (invitation links) and query keys that may carry one.
const SECRET_PATH = /(\/api\/auth\/invitations\/)[^/?#]+/g;
const SECRET_QUERY = /([?&](?:token|password|secret|key|code_verifier|access_token|refresh_token)=)[^&#]*/gi;

/** A URL fit for a log line: invitation tokens and secret-looking query values replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

/**
 * The api's pino options: JSON lines, request URLs without secrets, and no authorization header,
 * cookie or Set-Cookie, ever. `stream` lets tests read what would be written.
 */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
      }),
    },
  };
}
