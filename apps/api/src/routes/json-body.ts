import type { FastifyReply } from 'fastify';

/**
 * Sends a body a service already wrote as JSON (large answers built without per-item objects: the
 * latest positions, a track's points). The route's response schema still documents it; the string
 * is sent as it is, so the service writes exactly that schema's fields.
 */
export const sendJson = async (reply: FastifyReply, body: Promise<string>) =>
  reply.type('application/json; charset=utf-8').send((await body) as never);
