import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sql } from '@pioneira/db';
import { rng } from './load';

const FIRST = [
  'João',
  'José',
  'Antônio',
  'Francisco',
  'Carlos',
  'Paulo',
  'Pedro',
  'Lucas',
  'Luiz',
  'Marcos',
  'Luís',
  'Gabriel',
  'Rafael',
  'Daniel',
  'Márcio',
  'Fábio',
  'Sérgio',
  'Cícero',
  'Raimundo',
  'Sebastião',
  'Maria',
  'Ana',
  'Francisca',
  'Antônia',
  'Adriana',
  'Juliana',
  'Márcia',
  'Fernanda',
  'Patrícia',
  'Aline',
  'Conceição',
  'Lúcia',
  'Tânia',
  'Cláudia',
  'Débora',
  'Érica',
  'Ângela',
  'Inês',
  'Jéssica',
  'Letícia',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Araújo',
  'Melo',
  'Barbosa',
  'Gonçalves',
  'Conceição',
  'Simões',
  'Magalhães',
  'Brandão',
  'Falcão',
  'Guimarães',
  'Galvão',
  'Assunção',
  'Mendonça',
  'Antunes',
  'Nogueira',
  'Vieira',
];
export const EVENT_TYPES = [
  'Excesso de velocidade',
  'Frenagem brusca',
  'Aceleração brusca',
  'Curva brusca',
  'Marcha lenta excessiva',
  'Condução sem cinto de segurança',
  'Uso de celular ao volante',
  'Fadiga / sonolência ao volante',
  'Ignição ligada',
  'Ignição desligada',
  'Início de viagem',
  'Fim de viagem',
  'Motorista identificado',
  'Entrada em área de cliente',
  'Saída de área de cliente',
  'Abertura de porta do baú',
];

/** A 19-digit, often negative MiX-like id, unique per (kind, n). */
export const mixId = (kind: number, n: number) =>
  `${n % 2 ? '-' : ''}${kind}${String(n).padStart(18 - String(kind).length, '0')}`;

export function driverName(n: number): string {
  const r = rng(n * 7919 + 1);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  return `${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`;
}

async function copyLines(sql: Sql, statement: string, total: number, line: (i: number) => string) {
  const writable = await sql.unsafe(statement).writable();
  async function* chunks() {
    for (let i = 0; i < total; i += 5000) {
      let chunk = '';
      for (let j = i; j < Math.min(total, i + 5000); j++) chunk += `${line(j)}\n`;
      yield chunk;
    }
  }
  await pipeline(Readable.from(chunks()), writable);
}

/** Loads drivers, vehicles, event types and events by COPY; returns how long it took. */
export async function loadFleet(
  sql: Sql,
  o: { drivers: number; vehicles: number; events: number; days: number },
  log: (l: string) => void,
) {
  const started = Date.now();
  await sql`TRUNCATE drivers, vehicles, event_types, telemetry_events CASCADE`;
  for (const [i, description] of EVENT_TYPES.entries())
    await sql`INSERT INTO event_types (external_id, description) VALUES (${mixId(3, i + 1)}, ${description})`;
  log(`COPY ${o.drivers} drivers, ${o.vehicles} vehicles…`);
  await copyLines(
    sql,
    'COPY drivers (external_id, name, employee_number) FROM STDIN',
    o.drivers,
    (i) => `${mixId(1, i + 1)}\t${driverName(i + 1)}\tMT${String(i + 1).padStart(6, '0')}`,
  );
  await copyLines(
    sql,
    'COPY vehicles (external_id, description, registration_number) FROM STDIN',
    o.vehicles,
    (i) => {
      const plate = `${String.fromCharCode(65 + (i % 26), 65 + (((i / 26) | 0) % 26), 65 + (((i / 676) | 0) % 26))}${i % 10}${String.fromCharCode(65 + (i % 10))}${String(i % 100).padStart(2, '0')}`;
      return `${mixId(2, i + 1)}\tVolvo FH 540 - ${plate}\t${plate}`;
    },
  );
  // Secondary indexes are dropped during the big COPY and rebuilt exactly as the migrations made them.
  const indexes = await sql<{ indexname: string; indexdef: string }[]>`
    SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'telemetry_events'
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'telemetry_events'::regclass)`;
  for (const ix of indexes) await sql.unsafe(`DROP INDEX ${ix.indexname}`);
  log(`COPY ${o.events} telemetry events over ${o.days} days…`);
  const r = rng(42);
  const now = Date.now();
  await copyLines(
    sql,
    'COPY telemetry_events (source, external_id, driver_external_id, vehicle_external_id, event_type_external_id, started_at, ended_at, latitude, longitude, speed_kmh, speed_limit_kmh, total_time_seconds) FROM STDIN',
    o.events,
    (i) => {
      const driver = Math.floor(r() * o.drivers) + 1;
      const type = Math.floor(r() * EVENT_TYPES.length) + 1;
      const start = new Date(now - r() * o.days * 86_400_000);
      const seconds = 5 + Math.floor(r() * 120);
      const speed = (40 + r() * 70).toFixed(1);
      return `mix\t${mixId(4, i + 1)}\t${mixId(1, driver)}\t${mixId(2, (driver % o.vehicles) + 1)}\t${mixId(3, type)}\t${start.toISOString()}\t${new Date(start.getTime() + seconds * 1000).toISOString()}\t${(-23.4 - r() * 0.3).toFixed(6)}\t${(-46.5 - r() * 0.3).toFixed(6)}\t${speed}\t80\t${seconds}`;
    },
  );
  log('rebuilding indexes and analysing…');
  for (const ix of indexes) await sql.unsafe(ix.indexdef);
  // VACUUM sets the visibility map, so the search's index-only scans stay index-only, as autovacuum would.
  await sql`VACUUM ANALYZE`;
  return Math.round((Date.now() - started) / 1000);
}
