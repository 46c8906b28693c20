import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignmentCreateBody,
  AssignmentSchema,
  ErrorBody,
  PageOf,
  PageQuery,
  protectedErrors,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const read = { access: 'authenticated' as const };
const managers = { access: ['admin', 'manager'] as const };
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const Page = Type.Object(PageQuery, { additionalProperties: false });
const date = (value: string | null | undefined) =>
  value ? new Date(value) : value === null ? null : undefined;

/**
 * Dated vehicle↔driver assignments: /api/vehicles/:id/assignments, /api/drivers/:id/assignments and
 * /api/assignments/:id. Everyone reads; admins and managers assign, end and delete.
 */
const assignmentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { assignments } = app.deps.fleetAdmin;

  app.get(
    '/vehicles/:id/assignments',
    {
      config: read,
      schema: {
        tags: ['assignments'],
        description: "The vehicle's driver assignments, newest first.",
        params: Id,
        querystring: Page,
        response: { 200: PageOf(AssignmentSchema), ...protectedErrors },
      },
    },
    async (request) => assignments.list({ vehicleId: request.params.id }, request.query),
  );

  app.get(
    '/drivers/:id/assignments',
    {
      config: read,
      schema: {
        tags: ['assignments'],
        description: "The driver's vehicle assignments, newest first.",
        params: Id,
        querystring: Page,
        response: { 200: PageOf(AssignmentSchema), ...protectedErrors },
      },
    },
    async (request) => assignments.list({ driverId: request.params.id }, request.query),
  );

  app.post(
    '/vehicles/:id/assignments',
    {
      config: managers,
      schema: {
        tags: ['assignments'],
        description:
          "Assigns a driver to the vehicle. Without `startsAt`, from now on: the vehicle's open manual assignment ends at this instant (one transaction). A period overlapping another manual assignment of the vehicle is refused (409 assignment_overlap).",
        params: Id,
        body: AssignmentCreateBody,
        response: { 201: AssignmentSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => {
      const { driverId, startsAt, endsAt, note } = request.body;
      const created = await assignments.create(
        request.params.id,
        { driverId, startsAt: date(startsAt) ?? undefined, endsAt: date(endsAt), note },
        request.principal?.id ?? null,
      );
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/assignments/:id/end',
    {
      config: managers,
      schema: {
        tags: ['assignments'],
        description: 'Ends an open manual assignment now, or at `endsAt`.',
        params: Id,
        body: Type.Optional(
          Type.Object(
            { endsAt: Type.Optional(Type.String({ format: 'date-time' })) },
            { additionalProperties: false },
          ),
        ),
        response: { 200: AssignmentSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => assignments.end(request.params.id, date(request.body?.endsAt) ?? undefined),
  );

  app.delete(
    '/assignments/:id',
    {
      config: managers,
      schema: {
        tags: ['assignments'],
        description: 'Deletes a wrong manual assignment.',
        params: Id,
        response: { 204: Type.Null(), 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => {
      await assignments.remove(request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default assignmentsRoutes;
