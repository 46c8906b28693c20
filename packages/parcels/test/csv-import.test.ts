import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@pioneira/testing';
import { ImportFormatError, ImportInterrupted, ImportsService, runImport } from '../src';

let db: TestDatabase;
let dir: string;
let imports: ImportsService;
before(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'parcels-csv-'));
  imports = new ImportsService(db.sql);
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
});

const file = (name: string, text: string, encoding: BufferEncoding = 'utf8') => {
  const path = join(dir, name);
  writeFileSync(path, Buffer.from(text, encoding));
  return path;
};
const importFile = async (kind: 'parcels' | 'tracking', path: string, chunkRows?: number) =>
  runImport(db.sql, (await imports.createFromFile(kind, path)).id, { chunkRows });
const report = async (id: string) => {
  let text = '';
  for await (const piece of imports.rejectionsCsv(id)) text += piece;
  return text;
};

const ROWS = [
  ['ENC1234567BR', 'Objeto postado', '01/03/2024 09:15', 'São Paulo', 'SP', 'Agência Sé'],
  ['ENC1234567BR', 'Em trânsito', '02/03/2024 08:00:00', 'Goiânia', 'GO', 'CTE Goiânia'],
  ['ENC1234567BR', 'Entregue', '03/03/2024 14:30', 'Brasília', 'DF', ''],
];

for (const encoding of ['utf8', 'latin1'] as const) {
  for (const delimiter of [';', ','] as const) {
    test(`a ${encoding} file with "${delimiter}" imports with its accents intact`, async () => {
      const code = `E${encoding === 'utf8' ? 'U' : 'L'}${delimiter === ';' ? 'S' : 'C'}1234567BR`;
      const header = ['Código Rastreio', 'Situação', 'Data Evento', 'Cidade', 'UF', 'Unidade'].join(
        delimiter,
      );
      const lines = ROWS.map((r) => [code, ...r.slice(1)].join(delimiter));
      const done = await importFile(
        'tracking',
        file(`${encoding}${delimiter}.csv`, `${header}\r\n${lines.join('\r\n')}\r\n`, encoding),
      );
      assert.equal(done.status, 'done');
      assert.equal(done.encoding, encoding);
      assert.equal(done.delimiter, delimiter);
      assert.equal(done.rowsAccepted, 3);
      const events =
        await db.sql`SELECT status, city, facility FROM tracking_events WHERE tracking_code = ${code} ORDER BY occurred_at`;
      assert.deepEqual(
        events.map((e) => [e.status, e.city, e.facility]),
        [
          ['posted', 'São Paulo', 'Agência Sé'],
          ['in_transit', 'Goiânia', 'CTE Goiânia'],
          ['delivered', 'Brasília', null],
        ],
      );
      const [parcel] = await db.sql`SELECT status, delivered_at FROM parcels WHERE tracking_code = ${code}`;
      assert.equal(parcel.status, 'delivered');
      assert.equal(parcel.delivered_at.toISOString(), '2024-03-03T17:30:00.000Z');
    });
  }
}

test('quoted fields may hold the delimiter, quotes and line breaks', async () => {
  const done = await importFile(
    'tracking',
    file(
      'quoted.csv',
      'codigo_rastreio,status,data_evento,unidade,descricao\nQT1234567BR,"Saiu para entrega","2024-03-04T10:00:00-03:00","CD, Centro","Disse ""volto já""\nsegunda linha"\n',
    ),
  );
  assert.equal(done.rowsAccepted, 1);
  const [e] =
    await db.sql`SELECT facility, description FROM tracking_events WHERE tracking_code = 'QT1234567BR'`;
  assert.equal(e.facility, 'CD, Centro');
  assert.equal(e.description, 'Disse "volto já"\nsegunda linha');
});

test('each bad row is rejected with its row number, column and reason; the rest is stored', async () => {
  const text = [
    'codigo_rastreio;status;data_evento;cidade;uf',
    'RJ1234567BR;Postado;01/03/2024 10:00;Rio de Janeiro;RJ', // row 2, fine
    ';Postado;01/03/2024 10:00;Rio;RJ', // 3 required
    'R#1;Postado;01/03/2024 10:00;Rio;RJ', // 4 invalid_tracking_code
    'RJ1234567BR;Voando;01/03/2024 10:00;Rio;RJ', // 5 unknown_status
    'RJ1234567BR;Entregue;31/02/2024 10:00;Rio;RJ', // 6 invalid_date
    'RJ1234567BR;Entregue;01/01/2099 10:00;Rio;RJ', // 7 date_in_future
    'RJ1234567BR;Entregue;02/03/2024 10:00;Rio;XX', // 8 invalid_uf
    'RJ1234567BR;Entregue;02/03/2024 10:00;Rio;RJ;extra', // 9 column_count
    '', // 10 blank: skipped
    'RJ1234567BR;Entregue;02/03/2024 10:00;Rio;RJ', // 11 fine
  ].join('\n');
  const done = await importFile('tracking', file('rejections.csv', text));
  assert.equal(done.rowsAccepted, 2);
  assert.equal(done.rowsRejected, 7);
  const rows = (await report(done.id)).trimEnd().split('\r\n');
  assert.equal(rows[0], '\uFEFFlinha;coluna;motivo;detalhe;conteudo');
  assert.deepEqual(
    rows.slice(1).map((r) => r.split(';').slice(0, 3)),
    [
      ['3', 'codigo_rastreio', 'required'],
      ['4', 'codigo_rastreio', 'invalid_tracking_code'],
      ['5', 'status', 'unknown_status'],
      ['6', 'data_evento', 'invalid_date'],
      ['7', 'data_evento', 'date_in_future'],
      ['8', 'uf', 'invalid_uf'],
      ['9', '*', 'column_count'],
    ],
  );
  assert.match(rows[3], /Voando/);
});

test('parcel files: CEP, weight and UF rules; values normalised', async () => {
  const text = [
    'codigo_rastreio;cidade_origem;uf_origem;cidade_destino;uf_destino;cep_destino;servico;peso_kg;data_postagem;data_prevista',
    'PC1234567BR;CURITIBA;PR;porto alegre;RS;90010-000;SEDEX;1,5;01/03/2024 10:00;03/03/2024',
    'PC7654321BR;Curitiba;PR;Recife;PE;5001000;PAC;2;01/03/2024 10:00;05/03/2024',
    'PC0000001BR;Curitiba;PR;Recife;PE;50010000;PAC;0;01/03/2024 10:00;05/03/2024',
  ].join('\n');
  const done = await importFile('parcels', file('parcels.csv', text));
  assert.equal(done.rowsAccepted, 1);
  const reasons = (await report(done.id))
    .trim()
    .split('\r\n')
    .slice(1)
    .map((r) => r.split(';').slice(1, 3).join(' '));
  assert.deepEqual(reasons, ['cep_destino invalid_cep', 'peso_kg invalid_weight']);
  const [p] =
    await db.sql`SELECT recipient_city, recipient_cep, weight_kg, expected_at FROM parcels WHERE tracking_code = 'PC1234567BR'`;
  assert.deepEqual(
    [p.recipient_city, p.recipient_cep, Number(p.weight_kg)],
    ['Porto Alegre', '90010000', 1.5],
  );
  assert.equal(p.expected_at.toISOString(), '2024-03-03T03:00:00.000Z');
});

test('importing the same file again changes nothing', async () => {
  const lines = ['codigo_rastreio;status;data_evento'];
  for (let i = 0; i < 500; i++)
    lines.push(
      `ID${String(i).padStart(8, '0')}BR;${i % 2 ? 'Entregue' : 'Postado'};0${1 + (i % 9)}/04/2024 1${i % 10}:00`,
    );
  const path = file('again.csv', `${lines.join('\n')}\n`);
  const first = await importFile('tracking', path, 100);
  const snapshot = async () =>
    db.sql`SELECT (SELECT count(*) FROM tracking_events)::int AS e, (SELECT md5(string_agg(tracking_code || status || status_at || updated_at, ',' ORDER BY tracking_code)) FROM parcels) AS p`;
  const before = await snapshot();
  const second = await importFile('tracking', path, 100);
  assert.equal(first.rowsInserted, 500);
  assert.equal(second.rowsAccepted, 500);
  assert.equal(second.rowsInserted, 0);
  assert.deepEqual(await snapshot(), before);
});

test('an import stopped between chunks resumes at its checkpoint, with nothing twice', async () => {
  const lines = ['codigo_rastreio;status;data_evento;uf'];
  // Checkpoints fall on read-block boundaries (1 MiB), so the file spans a few blocks.
  for (let i = 0; i < 60_000; i++)
    lines.push(`RS${String(i).padStart(8, '0')}BR;Postado;05/04/2024 10:00;${i % 100 === 0 ? 'ZZ' : 'SP'}`);
  const created = await imports.createFromFile('tracking', file('resume.csv', `${lines.join('\n')}\n`));
  const controller = new AbortController();
  controller.abort(); // stops right after the first committed chunk
  await assert.rejects(
    runImport(db.sql, created.id, { chunkRows: 1000, signal: controller.signal }),
    ImportInterrupted,
  );
  const paused = await imports.get(created.id);
  assert.equal(paused.status, 'running');
  assert.ok(paused.rowsRead > 0 && paused.rowsRead < 60_000, `checkpoint at ${paused.rowsRead}`);
  const done = await runImport(db.sql, created.id, { chunkRows: 1000 });
  assert.equal(done.rowsRead, 60_000);
  assert.equal(done.rowsAccepted, 59_400);
  assert.equal(done.rowsRejected, 600);
  const [{ r }] =
    await db.sql`SELECT count(*)::int AS r FROM import_rejections WHERE import_id = ${created.id}`;
  assert.equal(r, 600);
  const [{ n }] = await db.sql`SELECT count(*)::int AS n FROM tracking_events WHERE tracking_code LIKE 'RS%'`;
  assert.equal(n, 59_400);
});

test('a file without the required columns fails at once with a message naming them', async () => {
  const created = await imports.createFromFile('tracking', file('bad-header.csv', 'foo;bar\n1;2\n'));
  await assert.rejects(
    runImport(db.sql, created.id),
    (e: Error) => e instanceof ImportFormatError && /trackingCode/.test(e.message),
  );
  const failed = await imports.get(created.id);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error ?? '', /codigo_rastreio/);
});
