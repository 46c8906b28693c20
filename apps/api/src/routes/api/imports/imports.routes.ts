import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, IdParams, ImportSchema, PageOf, PageQuery, protectedErrors } from '@pioneira/contracts';
import { AppError, badRequest } from '@pioneira/core';
import { Type } from '@sinclair/typebox';

const managers = { access: ['admin', 'manager'] as const };
/** Largest upload accepted: a few million rows. */
const MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

/** CSV imports: upload (streamed into PostgreSQL, never buffered), progress, rejection report. */
const importsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { jobs } = app.deps;
  const { imports } = app.deps.parcels;
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });

  app.post(
    '/',
    {
      config: managers,
      schema: {
        tags: ['imports'],
        summary: 'Upload a CSV file (multipart field "file") and queue its import',
        consumes: ['multipart/form-data'],
        querystring: Type.Object(
          { kind: Type.Union([Type.Literal('parcels'), Type.Literal('tracking')]) },
          { additionalProperties: false },
        ),
        response: { 202: ImportSchema, 413: ErrorBody, 429: ErrorBody, ...protectedErrors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw badRequest(
          'multipart_required',
          'Send the CSV as multipart/form-data in a field named "file".',
        );
      const file = await request.file();
      if (!file)
        throw badRequest('file_required', 'The form has no file: send the CSV in a field named "file".');
      const created = await imports.createFromUpload({
        kind: request.query.kind,
        filename: file.filename || 'upload.csv',
        createdBy: request.principal?.id ?? null,
        parts: file.file,
      });
      if (file.file.truncated) {
        await imports.discard(created.id); // the row and its large object
        throw new AppError(
          413,
          'file_too_large',
          'The file is larger than 2 GiB: split it and upload the parts.',
        );
      }
      await jobs.add('parcels.import', { importId: created.id }, { jobId: created.id });
      return reply.status(202).send(created);
    },
  );

  app.get(
    '/',
    {
      config: managers,
      schema: {
        tags: ['imports'],
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: PageOf(ImportSchema), ...protectedErrors },
      },
    },
    async (request) => imports.list(request.query),
  );

  app.get(
    '/:id',
    {
      config: managers,
      schema: { tags: ['imports'], params: IdParams, response: { 200: ImportSchema, ...protectedErrors } },
    },
    async (request) => imports.get(request.params.id),
  );

  app.get(
    '/:id/rejections.csv',
    {
      config: managers,
      schema: {
        tags: ['imports'],
        summary: 'Rejected rows: linha;coluna;motivo;detalhe;conteudo',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const report = imports.rejectionsCsv(id);
      const first = await report.next(); // the import must exist before the 200 goes out
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejeicoes-${id}.csv"`);
      return reply.send(
        Readable.from(
          (async function* () {
            if (!first.done) yield first.value;
            yield* report;
          })(),
        ),
      );
    },
  );
};

export default importsRoutes;
