import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageOf, PageQuery, protectedErrors, VehicleSchema } from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const read = { access: 'authenticated' as const };

const vehiclesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { fleet } = app.deps;

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags: ['vehicles'],
        description: 'Vehicles, searchable by plate (with or without hyphen), fleet number or description.',
        querystring: Type.Object(
          { ...PageQuery, search: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(VehicleSchema), ...protectedErrors },
      },
    },
    async (request) =>
      fleet.searchVehicles(request.query.search, {
        page: request.query.page,
        pageSize: request.query.pageSize,
      }),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags: ['vehicles'],
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
        response: {
          200: Type.Intersect([
            VehicleSchema,
            Type.Object({
              summary: Type.Object({
                events30d: Type.Integer(),
                lastEventAt: Type.Union([Type.String(), Type.Null(), Type.Unsafe<Date>({})]),
              }),
            }),
          ]),
          ...protectedErrors,
        },
      },
    },
    async (request) => fleet.vehicle(request.params.id),
  );
};

export default vehiclesRoutes;
