import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError, csvCell, notFound, type Page, type PageRequest } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import type { ImportKind } from '../csv/headers';
import { type Import, toImport } from './import';
import { ImportsRepository } from './imports.repository';
import { writeLargeObject } from './sources';

/** Creating, reading and reporting imports; running them is runImport. */
export class ImportsService {
  private readonly repo: ImportsRepository;
  /** `maxStoredPerUser`: uploads one user may have stored and not yet imported at a time. */
  constructor(
    private readonly sql: Sql,
    private readonly options: { maxStoredPerUser: number } = { maxStoredPerUser: 5 },
  ) {
    this.repo = new ImportsRepository(sql);
  }

  /** Stores an upload as a large object, without buffering it, and records a queued import. */
  async createFromUpload(input: {
    kind: ImportKind;
    filename: string;
    createdBy: string | null;
    parts: AsyncIterable<Buffer>;
  }): Promise<Import> {
    const row = await this.sql.begin(async (tx) => {
      if (input.createdBy) {
        const stored = await this.repo.storedUploadsOf(tx, input.createdBy);
        if (stored >= this.options.maxStoredPerUser)
          throw new AppError(
            429,
            'too_many_uploads',
            `You have ${stored} uploads waiting to be imported; wait for them to finish, then send this one.`,
          );
      }
      const { oid, bytes } = await writeLargeObject(tx, input.parts);
      return this.repo.create(
        {
          kind: input.kind,
          filename: input.filename,
          bytesTotal: bytes,
          blobOid: oid,
          createdBy: input.createdBy,
        },
        tx,
      );
    });
    return toImport(row as never);
  }

  /** Records a queued import of a local file (CLI, benchmark). */
  async createFromFile(kind: ImportKind, path: string, createdBy: string | null = null): Promise<Import> {
    const full = resolve(path);
    const { size } = await stat(full);
    const row = await this.repo.create({
      kind,
      filename: full.split('/').pop() as string,
      bytesTotal: size,
      filePath: full,
      createdBy,
    });
    return toImport(row);
  }

  /** Deletes an import and its uploaded bytes (an upload refused half-way, e.g. too large). */
  discard(id: string): Promise<void> {
    return this.repo.discard(id);
  }

  /** Drops the uploaded bytes of an import that failed for good (its row stays, with the error). */
  dropUpload(id: string): Promise<void> {
    return this.repo.dropUpload(id);
  }

  async get(id: string): Promise<Import> {
    const row = await this.repo.find(id);
    if (!row) throw notFound(`Import ${id}`);
    return toImport(row);
  }

  async list(page: PageRequest): Promise<Page<Import>> {
    const { rows, total } = await this.repo.list(page.pageSize, (page.page - 1) * page.pageSize);
    return { items: rows.map(toImport), total, page: page.page, pageSize: page.pageSize };
  }

  /** The rejection report as CSV text pieces (`;`-separated, UTF-8 with BOM so spreadsheets read accents). */
  async *rejectionsCsv(id: string): AsyncGenerator<string> {
    await this.get(id);
    yield '\uFEFFlinha;coluna;motivo;detalhe;conteudo\r\n';
    for await (const rows of this.repo.rejections(id)) {
      yield rows
        .map((r) =>
          [r.row_number, r.column_name, r.reason, r.message, r.raw_line].map((v) => csvCell(v)).join(';'),
        )
        .join('\r\n')
        .concat('\r\n');
    }
  }
}
