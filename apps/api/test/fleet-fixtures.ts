import type { Sql } from '@pioneira/db';

/** Inserts drivers, vehicles and event types as the MiX sync would (19-digit, often negative ids). */
export async function seedFleet(sql: Sql) {
  const drivers = [
    ['-5714153672471940592', 'João Gonçalves', '1508'],
    ['1344082621479972864', 'Joãozinho Araújo', '2001'],
    ['-1000000000000000001', 'Mário João Simões', '2002'],
    ['-1000000000000000002', 'Joana Prado', '2003'],
    ['-1000000000000000003', 'Conceição Magalhães', '3001'],
    ['-1000000000000000004', 'Ana Lúcia Brandão', 'A-77'],
  ];
  for (const [externalId, name, employee] of drivers)
    await sql`INSERT INTO drivers (external_id, name, employee_number) VALUES (${externalId}, ${name}, ${employee})`;
  await sql`INSERT INTO vehicles (external_id, description, registration_number, fleet_number)
            VALUES ('-3456789012345678912', 'Volvo FH 540', 'BRA2E19', 'F-10'),
                   ('-3456789012345678913', 'VW Delivery 11.180', 'RIO4F56', 'F-11')`;
  // The defaults trigger classifies these by description on first insert.
  const types = [
    ['-614457561876096876', 'Excesso de velocidade'],
    ['-9050647299058098294', 'Frenagem brusca'],
    ['-7000000000000000001', 'Uso de celular ao volante'],
    ['-7000000000000000002', 'Marcha lenta excessiva'],
    ['-7000000000000000003', 'Ignição ligada'],
  ];
  for (const [externalId, description] of types)
    await sql`INSERT INTO event_types (external_id, description) VALUES (${externalId}, ${description})`;
  const ids = Object.fromEntries(
    (await sql`SELECT id, external_id FROM drivers`).map((r) => [r.external_id as string, r.id as string]),
  );
  return { driverId: (externalId: string) => ids[externalId] };
}

let n = 0;
/** One telemetry event as MiX would send it. */
export async function addEvent(
  sql: Sql,
  e: {
    driver: string;
    type: string;
    at: string;
    vehicle?: string;
    speed?: number;
    limit?: number;
    seconds?: number;
  },
) {
  await sql`
    INSERT INTO telemetry_events (source, external_id, driver_external_id, vehicle_external_id, event_type_external_id,
      started_at, ended_at, speed_kmh, speed_limit_kmh, total_time_seconds, latitude, longitude)
    VALUES ('mix', ${`-90000000000000${String(++n).padStart(5, '0')}`}, ${e.driver}, ${e.vehicle ?? '-3456789012345678912'},
      ${e.type}, ${e.at}, ${new Date(Date.parse(e.at) + (e.seconds ?? 12) * 1000)}, ${e.speed ?? null}, ${e.limit ?? null},
      ${e.seconds ?? 12}, -23.55, -46.63)`;
}
