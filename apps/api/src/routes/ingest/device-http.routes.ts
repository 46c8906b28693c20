import { AppError } from '@pioneira/core';
import { basicAuth, deviceErrorReply, handleOsmAnd } from '@pioneira/gps';
import { DecodeError, decodeOwnTracks } from '@pioneira/protocols';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const MAX_BODY_BYTES = 512 * 1024;
const deviceRoute = {
  config: { access: 'public' as const },
  bodyLimit: MAX_BODY_BYTES,
  schema: { tags: ['ingest'], security: [] },
};

const queryOf = (request: FastifyRequest) => request.query as Record<string, string | string[] | undefined>;
const bodyOf = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : undefined);

/**
 * Device protocols over the api's HTTP: OsmAnd / Traccar Client (GET or POST; query, form, JSON) and
 * OwnTracks HTTP mode. Their bodies are decoded by @pioneira/protocols, so this scope reads every body
 * as raw bytes. Answers are the protocols' own (plain text, `[]`), not the API's JSON errors.
 */
export default async function deviceHttpRoutes(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const osmand = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await handleOsmAnd(app.deps.gps.ingest, {
      query: queryOf(request),
      body: bodyOf(request),
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
    });
    return reply
      .status(answer.status)
      .headers(answer.headers ?? {})
      .type('text/plain')
      .send(answer.body);
  };
  app.get('/osmand', deviceRoute, osmand);
  app.post('/osmand', deviceRoute, osmand);

  // OwnTracks HTTP mode: identity from ?u=&d=, the X-Limit-U/-D headers, or the Basic-auth user; the
  // Basic-auth password is the device secret when the device has one.
  app.post('/owntracks', deviceRoute, async (request, reply) => {
    const query = queryOf(request);
    const basic = basicAuth(request.headers.authorization);
    const user = one(query.u) ?? one(request.headers['x-limit-u']) ?? (basic?.user || undefined);
    const device = one(query.d) ?? one(request.headers['x-limit-d']) ?? topicDevice(bodyOf(request));
    if (!user || !device)
      return reply.status(400).send({
        error: {
          code: 'missing_identity',
          message: 'Say who sends: ?u=<user>&d=<device> or X-Limit-U/X-Limit-D.',
        },
      });
    try {
      const position = decodeOwnTracks(bodyOf(request) ?? '', { user, device });
      const { ingest } = app.deps.gps;
      const credentials = { secret: basic?.password };
      // A message without a position (lwt, card…) still proves nothing without the device's credentials.
      if (position) await ingest.submit([position], 'owntracks', credentials);
      else await ingest.authenticate(`${user}/${device}`.trim(), 'owntracks', credentials);
      return reply.status(200).send([]);
    } catch (error) {
      const answer = deviceErrorReply(error);
      // Our own refusals keep their code (invalid_device_secret, invalid_fix_time…); decode errors are 'rejected'.
      const code = error instanceof AppError ? error.code : 'rejected';
      if (error instanceof DecodeError || answer.status !== 503)
        return reply.status(answer.status).send({ error: { code, message: answer.body } });
      return reply
        .status(503)
        .headers(answer.headers ?? {})
        .send({ error: { code: 'overloaded', message: answer.body } });
    }
  });
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;

// HTTP-mode payloads may carry their would-be MQTT topic, `owntracks/<user>/<device>`.
function topicDevice(body: Buffer | undefined): string | undefined {
  try {
    const topic = JSON.parse(body?.toString('utf8') ?? '').topic;
    return typeof topic === 'string' ? topic.split('/')[2] || undefined : undefined;
  } catch {
    return undefined;
  }
}
