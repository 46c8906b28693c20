import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorContext } from '../context';
import type { EventStore, StoredEvent } from '../event-store';
import { NOT_AUTHORISED, sendMixError } from '../http-errors';
import { parseInt64, parseInt64Array } from '../json';
import { formatSinceToken, parseSinceToken } from '../since-token';

const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;

interface CursorParams {
  sinceToken: string;
  quantity: string;
}

type Matcher = (event: StoredEvent) => boolean;

/** The "created since" event streams: the ingestion endpoints of MiX Integrate. */
export async function eventRoutes(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  const orgId = ctx.fleet.organisation.GroupId;
  const all: Matcher = () => true;

  app.get<{ Params: CursorParams & { organisationId: string } }>(
    '/api/events/groups/createdsince/organisation/:organisationId/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      if (parseInt64(request.params.organisationId) !== orgId)
        return sendMixError(reply, 401, NOT_AUTHORISED);
      return serveCreatedSince(ctx, reply, request.params, all);
    },
  );

  // Same route with a body: only the listed event types.
  app.post<{ Params: CursorParams & { organisationId: string } }>(
    '/api/events/groups/createdsince/organisation/:organisationId/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      if (parseInt64(request.params.organisationId) !== orgId)
        return sendMixError(reply, 401, NOT_AUTHORISED);
      const parsed = parseInt64Array(String(request.body ?? ''));
      if ('error' in parsed) return sendMixError(reply, 400, `ArgumentException: ${parsed.error}`);
      const types = new Set(parsed.ids);
      return serveCreatedSince(ctx, reply, request.params, (e) => types.has(e.eventTypeId));
    },
  );

  app.post<{ Params: CursorParams & { entityType: string } }>(
    '/api/events/groups/createdsince/entitytype/:entityType/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      const entityType = request.params.entityType.toLowerCase();
      if (entityType !== 'asset' && entityType !== 'driver') {
        return sendMixError(
          reply,
          400,
          `ArgumentException: entityType must be Asset or Driver, not '${request.params.entityType}'`,
        );
      }
      const parsed = parseInt64Array(String(request.body ?? ''));
      if ('error' in parsed) return sendMixError(reply, 400, `ArgumentException: ${parsed.error}`);
      if (parsed.ids.length === 0)
        return sendMixError(reply, 400, 'ArgumentException: send at least one group id in the body');
      // A rounded or foreign id is refused as a whole, as MiX does.
      if (parsed.ids.some((id) => !ctx.groups.has(id))) return sendMixError(reply, 401, NOT_AUTHORISED);
      if (parsed.ids.includes(orgId)) return serveCreatedSince(ctx, reply, request.params, all);
      const sites = new Set(parsed.ids);
      const matches: Matcher =
        entityType === 'asset' ? (e) => sites.has(e.assetSiteId) : (e) => sites.has(e.driverSiteId);
      return serveCreatedSince(ctx, reply, request.params, matches);
    },
  );

  // Positions (reference §3.5, §6.7): the same paging, cursor and quirks as events.
  app.get<{ Params: CursorParams & { organisationId: string } }>(
    '/api/positions/groups/createdsince/organisation/:organisationId/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      if (parseInt64(request.params.organisationId) !== orgId)
        return sendMixError(reply, 401, NOT_AUTHORISED);
      return serveCreatedSince(ctx, reply, request.params, all, ctx.positions);
    },
  );

  app.post<{ Params: CursorParams & { entityType: string } }>(
    '/api/positions/groups/createdsince/entitytype/:entityType/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      if (request.params.entityType.toLowerCase() !== 'asset')
        return sendMixError(
          reply,
          400,
          `ArgumentException: positions are by Asset, not '${request.params.entityType}'`,
        );
      const parsed = parseInt64Array(String(request.body ?? ''));
      if ('error' in parsed) return sendMixError(reply, 400, `ArgumentException: ${parsed.error}`);
      if (parsed.ids.length === 0)
        return sendMixError(reply, 400, 'ArgumentException: send at least one group id in the body');
      if (parsed.ids.some((id) => !ctx.groups.has(id))) return sendMixError(reply, 401, NOT_AUTHORISED);
      if (parsed.ids.includes(orgId))
        return serveCreatedSince(ctx, reply, request.params, all, ctx.positions);
      const sites = new Set(parsed.ids);
      return serveCreatedSince(ctx, reply, request.params, (e) => sites.has(e.assetSiteId), ctx.positions);
    },
  );

  // Trips (reference §3.5, §6.8): same paging; `includeSubTrips` (True/False, any case) keeps or
  // drops the SubTrips of each trip.
  const tripsOf = (query: unknown) => {
    const flag = String((query as { includeSubTrips?: string })?.includeSubTrips ?? 'false').toLowerCase();
    return flag === 'true' ? ctx.trips : ctx.tripsWithoutSubTrips;
  };
  app.get<{ Params: CursorParams & { organisationId: string } }>(
    '/api/trips/groups/createdsince/organisation/:organisationId/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      if (parseInt64(request.params.organisationId) !== orgId)
        return sendMixError(reply, 401, NOT_AUTHORISED);
      return serveCreatedSince(ctx, reply, request.params, all, tripsOf(request.query));
    },
  );

  app.post<{ Params: CursorParams & { entityType: string } }>(
    '/api/trips/groups/createdsince/entitytype/:entityType/sincetoken/:sinceToken/quantity/:quantity',
    async (request, reply) => {
      const entityType = request.params.entityType.toLowerCase();
      if (entityType !== 'asset' && entityType !== 'driver')
        return sendMixError(
          reply,
          400,
          `ArgumentException: entityType must be Asset or Driver, not '${request.params.entityType}'`,
        );
      const parsed = parseInt64Array(String(request.body ?? ''));
      if ('error' in parsed) return sendMixError(reply, 400, `ArgumentException: ${parsed.error}`);
      if (parsed.ids.length === 0)
        return sendMixError(reply, 400, 'ArgumentException: send at least one group id in the body');
      if (parsed.ids.some((id) => !ctx.groups.has(id))) return sendMixError(reply, 401, NOT_AUTHORISED);
      const store = tripsOf(request.query);
      if (parsed.ids.includes(orgId)) return serveCreatedSince(ctx, reply, request.params, all, store);
      const sites = new Set(parsed.ids);
      return serveCreatedSince(ctx, reply, request.params, (e) => sites.has(e.assetSiteId), store);
    },
  );
}

function serveCreatedSince(
  ctx: SimulatorContext,
  reply: FastifyReply,
  params: CursorParams,
  matches: Matcher,
  store = ctx.store,
) {
  const quantity = /^\d{1,9}$/.test(params.quantity) ? Number(params.quantity) : 0;
  if (quantity < 1) {
    return sendMixError(
      reply,
      400,
      `ArgumentException: quantity must be a positive integer, not '${params.quantity}'`,
    );
  }
  const now = Date.now();
  // Nothing created in the current millisecond is shown yet, so "now - 1" is a complete cursor.
  const settledMs = now - 1;
  if (params.sinceToken.toUpperCase() === 'NEW') return sendEmpty(store, reply, settledMs);

  const afterMs = parseSinceToken(params.sinceToken);
  if (afterMs === undefined) {
    return sendMixError(
      reply,
      400,
      `ArgumentException: SinceToken '${params.sinceToken}' must be NEW or a UTC time as yyyyMMddHHmmssfff`,
    );
  }
  if (afterMs < now - SEVEN_DAYS_MS) {
    return sendMixError(reply, 400, 'ArgumentException: SinceToken must not be older than 7 days');
  }
  const overshoot = ctx.options.overshoot > 0 ? ctx.pagingRandom.int(0, ctx.options.overshoot) : 0;
  const page = store.page(afterMs, Math.min(quantity, ctx.options.maxQuantity) + overshoot, now, matches);
  if (page.events.length === 0) return sendEmpty(store, reply, Math.max(afterMs, settledMs));

  const events = page.events;
  const lastMs = events[events.length - 1].createdMs;
  if (ctx.faults.current.duplicateAcrossPages) {
    const repeated = store.lastAt(afterMs, matches);
    if (repeated) events.unshift(repeated);
  }
  store.recordIssuedCursor(lastMs);
  setPagingHeaders(reply, page.hasMore, lastMs);
  return reply
    .code(200)
    .header('content-type', 'application/json; charset=utf-8')
    .send(`[${events.map((e) => e.json).join(',')}]`);
}

/** 204 still carries both paging headers: the official client parses HasMoreItems unconditionally. */
function sendEmpty(store: EventStore, reply: FastifyReply, cursorMs: number) {
  store.recordIssuedCursor(Math.min(cursorMs, Date.now() - 1));
  setPagingHeaders(reply, false, cursorMs);
  return reply.code(204).send();
}

/** Set on the raw response so the names keep MiX's casing on the wire (Fastify lower-cases its own). */
function setPagingHeaders(reply: FastifyReply, hasMore: boolean, cursorMs: number): void {
  reply.raw.setHeader('HasMoreItems', hasMore ? 'True' : 'False');
  reply.raw.setHeader('GetSinceToken', formatSinceToken(cursorMs));
}
