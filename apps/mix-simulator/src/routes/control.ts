import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimulatorContext } from '../context';
import { DEFAULT_FAULTS, type MixFaults } from '../options';

const MAX_BACKLOG_PER_CALL = 1_000_000;

/** Test-only endpoints: ground truth, fault switches and instant backlogs. */
export async function controlRoutes(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  app.get('/__sim/ground-truth', async (_request, reply) => reply.send({ eventIds: ctx.store.allIds() }));

  app.get('/__sim/faults', async (_request, reply) => reply.send(ctx.faults.current));

  app.post('/__sim/faults', async (request, reply) => {
    const body = parseBody(request.body);
    const faults = body === undefined ? undefined : validateFaults(body);
    if (typeof faults === 'string' || faults === undefined) {
      return badRequest(reply, 'invalid_faults', faults ?? 'send a JSON object of fault settings');
    }
    ctx.faults.set(faults, Date.now());
    return reply.send(ctx.faults.current);
  });

  app.post('/__sim/events', async (request, reply) => {
    const body = parseBody(request.body) as { count?: unknown; at?: unknown } | undefined;
    const count = body?.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_BACKLOG_PER_CALL) {
      return badRequest(reply, 'invalid_count', `count must be an integer from 0 to ${MAX_BACKLOG_PER_CALL}`);
    }
    const at = body?.at === undefined ? undefined : Date.parse(String(body.at));
    if (at !== undefined && Number.isNaN(at))
      return badRequest(reply, 'invalid_at', 'at must be an ISO-8601 date');
    const created = ctx.generate(count, at);
    return reply.send({ created: created.length, eventIds: created.map((e) => e.eventId.toString()) });
  });
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  try {
    const value = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Checks each known fault key has the right type; returns an error message otherwise. */
export function validateFaults(input: Record<string, unknown>): Partial<MixFaults> | string {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_FAULTS))
      return `unknown fault '${key}'; known: ${Object.keys(DEFAULT_FAULTS).join(', ')}`;
    const expected = key === 'tokenLifetime' ? 'number|null' : typeof DEFAULT_FAULTS[key as keyof MixFaults];
    const ok =
      expected === 'boolean'
        ? typeof value === 'boolean'
        : (typeof value === 'number' && Number.isFinite(value) && value >= 0) ||
          (expected === 'number|null' && value === null);
    if (!ok) return `fault '${key}' must be a ${expected === 'boolean' ? 'boolean' : 'non-negative number'}`;
    if (key.endsWith('Rate') && (value as number) > 1) return `fault '${key}' is a fraction from 0 to 1`;
    result[key] = value;
  }
  return result as Partial<MixFaults>;
}

function badRequest(reply: FastifyReply, code: string, message: string) {
  return reply.code(400).send({ error: { code, message } });
}
