import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BudgetQuery,
  BudgetSchema,
  CredentialsBody,
  CredentialsViewSchema,
  ErrorBody,
  JobName,
  JobStatusSchema,
  PageOf,
  PageQuery,
  protectedErrors,
  RecoverBody,
  RunSchema,
} from '@pioneira/contracts';
import { AppError } from '@pioneira/core';
import { CONSOLE_JOBS, type ConsoleJob, isConsoleJob } from '@pioneira/pipeline';
import { Type } from '@sinclair/typebox';

const JobParams = Type.Object({ job: JobName });

/** A job of the console by name (the job catalog says which), or a 404 that lists them. */
function consoleJob(name: string, status = 404): ConsoleJob {
  if (isConsoleJob(name)) return name;
  throw new AppError(
    status,
    'unknown_job',
    `There is no console job "${name}"; the jobs are ${CONSOLE_JOBS.join(', ')}.`,
  );
}

const everyone = { access: 'authenticated' as const };

// Error texts can name accounts, hosts and upstream answers: viewers see that a run failed, not why.
type WithError = { error: string | null };
const hideRunError = <R extends WithError | null>(run: R): R => (run ? { ...run, error: null } : run);
function forRole<
  S extends { lastError: { message: string } | null; running: WithError | null; lastRun: WithError | null },
>(status: S, role: string): S {
  if (role !== 'viewer') return status;
  return {
    ...status,
    lastError: status.lastError && { ...status.lastError, message: 'The last run failed.' },
    running: hideRunError(status.running),
    lastRun: hideRunError(status.lastRun),
  };
}
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
    async (request) => ({
      items: (await etl.statuses()).map((status) => forRole(status, request.principal!.role)),
    }),
  );

  app.get(
    '/jobs/:job',
    {
      config: everyone,
      schema: { tags: ['etl'], params: JobParams, response: { 200: JobStatusSchema, ...protectedErrors } },
    },
    async (request) => forRole(await etl.status(consoleJob(request.params.job)), request.principal!.role),
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
      const runs = await etl.runs(job === undefined ? undefined : consoleJob(job, 400), { page, pageSize });
      if (request.principal!.role !== 'viewer') return runs;
      return { ...runs, items: runs.items.map(hideRunError) };
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
      reply.status(202).send(await etl.runNow(consoleJob(request.params.job), request.principal!.id)),
  );

  app.post(
    '/jobs/:job/recover',
    {
      config: operators,
      schema: {
        tags: ['etl'],
        params: JobParams,
        body: RecoverBody,
        response: { 202: JobStatusSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await etl.recover(
            consoleJob(request.params.job),
            new Date(request.body.from as string),
            request.principal!.id,
          ),
        ),
  );

  app.post(
    '/jobs/:job/recover/cancel',
    {
      config: operators,
      schema: {
        tags: ['etl'],
        params: JobParams,
        response: { 200: JobStatusSchema, 409: ErrorBody, ...protectedErrors },
      },
    },
    async (request) => etl.cancelRecovery(consoleJob(request.params.job)),
  );

  app.get(
    '/budget',
    {
      config: everyone,
      schema: {
        tags: ['etl'],
        querystring: BudgetQuery,
        response: { 200: BudgetSchema, ...protectedErrors },
      },
    },
    async (request) => etl.budget(request.query.minutes ?? 10),
  );

  for (const action of ['pause', 'resume'] as const) {
    app.post(
      `/jobs/:job/${action}`,
      {
        config: admin,
        schema: { tags: ['etl'], params: JobParams, response: { 200: JobStatusSchema, ...protectedErrors } },
      },
      async (request) => etl.setPaused(consoleJob(request.params.job), action === 'pause'),
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
