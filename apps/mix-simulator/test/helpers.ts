import { createMixSimulator, type MixSimulator, type MixSimulatorOptions } from '../src/index';

export interface Running {
  sim: MixSimulator;
  base: string;
  org: string;
}

/** A simulator on 127.0.0.1:<random port> with no background generation unless asked. */
export async function startSimulator(options: Partial<MixSimulatorOptions> = {}): Promise<Running> {
  const sim = await createMixSimulator({ eventsPerMinute: 0, rateLimitPerMinute: 0, ...options });
  const base = await sim.listen(0, '127.0.0.1');
  return { sim, base, org: sim.options.organisationId.toString() };
}

export function passwordForm(sim: MixSimulator, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'password',
    username: sim.options.username,
    password: sim.options.password,
    scope: 'offline_access MiX.Integrate',
    client_id: sim.options.clientId,
    client_secret: sim.options.clientSecret,
    ...extra,
  });
}

export async function requestToken(
  base: string,
  form: URLSearchParams,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${base}/core/connect/token`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A bearer token from the password grant; throws when the simulator refuses it. */
export async function login({ sim, base }: Running): Promise<string> {
  const { status, body } = await requestToken(base, passwordForm(sim));
  if (status !== 200) throw new Error(`login failed with ${status}: ${JSON.stringify(body)}`);
  return String(body.access_token);
}

/** A since token `hours` before now. */
export function tokenHoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3600_000).toISOString().replace(/\D/g, '').slice(0, 17);
}

/** EventIds read from the raw body text, never through JSON.parse (which would round them). */
export function rawEventIds(body: string): string[] {
  return [...body.matchAll(/"EventId":(-?\d+)/g)].map((m) => m[1]);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PageResult {
  status: number;
  hasMore: string | null;
  sinceToken: string | null;
  body: string;
}

export async function getOrgPage(
  run: Running,
  token: string,
  since: string,
  quantity: number,
): Promise<PageResult> {
  const url = `${run.base}/api/events/groups/createdsince/organisation/${run.org}/sincetoken/${since}/quantity/${quantity}`;
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return {
    status: response.status,
    hasMore: response.headers.get('HasMoreItems'),
    sinceToken: response.headers.get('GetSinceToken'),
    body: await response.text(),
  };
}

/** Follows GetSinceToken until HasMoreItems is False; returns every EventId in order received. */
export async function drain(run: Running, token: string, since: string, quantity: number) {
  const ids: string[] = [];
  let cursor = since;
  let pages = 0;
  for (;;) {
    const page = await getOrgPage(run, token, cursor, quantity);
    if (page.status !== 200 && page.status !== 204)
      throw new Error(`page ${pages} answered ${page.status}: ${page.body}`);
    pages++;
    ids.push(...rawEventIds(page.body));
    cursor = page.sinceToken ?? cursor;
    if (page.hasMore !== 'True') return { ids, pages, cursor };
  }
}

/** JSON.parse with every 16+ digit number turned into a string first, so int64 ids survive. */
export function parseKeepingIds<T = unknown>(body: string): T {
  return JSON.parse(body.replace(/(":\s*)(-?\d{16,})/g, '$1"$2"')) as T;
}
