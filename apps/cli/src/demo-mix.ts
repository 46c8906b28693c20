import { createMixSimulator, DEFAULT_OPTIONS } from '@pioneira/mix-simulator';

/**
 * For the demo: a local MiX Integrate simulator with a backlog of events, and the MIX_* variables
 * that point the workers at it. Skipped when the user configured a real MiX account.
 */
export async function startDemoMix(env: Record<string, string | undefined>, port: number) {
  if (env.MIX_API_URL) return undefined;
  const simulator = await createMixSimulator({ backlog: 3000, eventsPerMinute: 90 });
  const base = await simulator.listen(port);
  Object.assign(env, {
    MIX_IDENTITY_URL: `${base}/core`,
    MIX_API_URL: base,
    MIX_CLIENT_ID: DEFAULT_OPTIONS.clientId,
    MIX_CLIENT_SECRET: DEFAULT_OPTIONS.clientSecret,
    MIX_USERNAME: DEFAULT_OPTIONS.username,
    MIX_PASSWORD: DEFAULT_OPTIONS.password,
    MIX_ORGANISATION_ID: String(DEFAULT_OPTIONS.organisationId),
  });
  return { url: base, stop: () => simulator.close() };
}
