import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, PageOf, PageQuery, protectedErrors } from '../../../schemas/common';
import {
  CredentialsBody,
  CredentialsViewSchema,
  JobName,
  JobParams,
  JobStatusSchema,
  RunSchema,
} from '../../../schemas/etl';

const everyone = { access: 'authenticated' as const };
const operators = { access: ['admin', 'manager'] as const };
const admin = { access: ['admin'] as const };

/** The integrations console ("Integrações"): MiX jobs, their runs and the MiX credentials. */
const etlRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { etl } = app.deps;

  app.get(
    '/jobs',
    {
      config: everyone,
      schema: {
        tags: ['etl'],
        response: { 200: Type.Object({ items: Type.Array(JobStatusSchema) }), ...protectedErrors },
      },
    },
    async () => ({ items: await etl.statuses() }),
  );

  app.get(
    '/jobs/:job',
    {
      config: everyone,
      schema: { tags: ['etl'], params: JobParams, response: { 200: JobStatusSchema, ...protectedErrors } },
    },
    async (request) => etl.status(request.params.job),
  );

  app.get(
    '/runs',
    {
      config: everyone,
      schema: {
        tags: ['etl'],
        querystring: Type.Object(
          { ...PageQuery, job: Type.Optional(JobName) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(RunSchema), ...protectedErrors },
      },
    },
    async (request) => {
      const { job, page, pageSize } = request.query;
      return etl.runs(job, { page, pageSize });
    },
  );

  app.post(
    '/jobs/:job/run',
    {
      config: operators,
      schema: {
        tags: ['etl'],
        params: JobParams,
        response: {
          202: Type.Object({ queued: Type.Literal(true), jobId: Type.String() }),
          409: ErrorBody,
          ...protectedErrors,
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await etl.runNow(request.params.job, request.principal!.id)),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/jobs/:job/${action}`,
      {
        config: admin,
        schema: { tags: ['etl'], params: JobParams, response: { 200: JobStatusSchema, ...protectedErrors } },
      },
      async (request) => etl.setPaused(request.params.job, action === 'pause'),
    );
  }

  app.get(
    '/credentials',
    {
      config: admin,
      schema: { tags: ['etl'], response: { 200: CredentialsViewSchema, ...protectedErrors } },
    },
    async () => etl.credentialsView(),
  );

  app.put(
    '/credentials',
    {
      config: admin,
      schema: {
        tags: ['etl'],
        body: CredentialsBody,
        response: { 200: CredentialsViewSchema, ...protectedErrors },
      },
    },
    async (request) => etl.saveCredentials(request.body, request.principal!.id),
  );
};

export default etlRoutes;
