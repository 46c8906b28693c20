import type { FastifyReply } from 'fastify';

/** ASP.NET Web API error shape (`{"Message": …}`), which is what the MiX API answers with. */
export function sendMixError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify({ Message: message }));
}

export const NOT_AUTHORISED = 'UnauthorizedAccessException: Not Authorised';

/** Sends a JSON body already serialised with `toMixJson` (so int64 ids keep every digit). */
export function sendMixJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(json);
}
