import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  PageOf,
  PageQuery,
  protectedErrors,
  StringEnum,
  VEHICLE_SORTS,
  VehicleCreateBody,
  VehiclePatchBody,
  VehicleSchema,
} from '@pioneira/contracts';
import { Type } from '@sinclair/typebox';

const read = { access: 'authenticated' as const };
const managers = { access: ['admin', 'manager'] as const };
const VehicleId = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) });
const VehicleDetail = Type.Intersect([
  VehicleSchema,
  Type.Object({
    summary: Type.Object({
      events30d: Type.Integer(),
      lastEventAt: Type.Union([Type.String(), Type.Null(), Type.Unsafe<Date>({})]),
    }),
  }),
]);

const vehiclesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { fleet, fleetAdmin } = app.deps;

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags: ['vehicles'],
        description:
          'Vehicles, searchable by plate (with or without hyphen), fleet number or description, each with its current driver.',
        querystring: Type.Object(
          {
            ...PageQuery,
            search: Type.Optional(Type.String({ maxLength: 100 })),
            sort: StringEnum(VEHICLE_SORTS, { default: 'plate', description: 'column, `-` for descending' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(VehicleSchema), ...protectedErrors },
      },
    },
    async (request) =>
      fleet.searchVehicles(
        request.query.search,
        { page: request.query.page, pageSize: request.query.pageSize },
        request.query.sort,
      ),
  );

  app.post(
    '/',
    {
      config: managers,
      schema: {
        tags: ['vehicles'],
        description: 'Registers a vehicle kept in Pioneira itself (source `manual`).',
        body: VehicleCreateBody,
        response: { 201: VehicleDetail, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await fleetAdmin.admin.createVehicle(request.body)),
  );

  app.get(
    '/:id',
    {
      config: read,
      schema: {
        tags: ['vehicles'],
        params: VehicleId,
        response: { 200: VehicleDetail, ...protectedErrors },
      },
    },
    async (request) => fleet.vehicle(request.params.id),
  );

  app.patch(
    '/:id',
    {
      config: managers,
      schema: {
        tags: ['vehicles'],
        description: 'Edits a manual vehicle (MiX vehicles are kept as MiX sends them: 409).',
        params: VehicleId,
        body: VehiclePatchBody,
        response: { 200: VehicleDetail, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => fleetAdmin.admin.updateVehicle(request.params.id, request.body),
  );
};

export default vehiclesRoutes;
