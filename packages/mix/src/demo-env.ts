/** What identifies a MiX-compatible server and account (the simulator's options have these fields). */
export interface MixAccount {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  organisationId: bigint | string;
}

/**
 * The MIX_* variables that point the workers at a MiX-compatible server listening at `baseUrl`
 * (identity under `/core`, as MiX hosts it). `npm start` uses it with the local simulator.
 */
export function mixEnvFor(baseUrl: string, account: MixAccount): Record<string, string> {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    MIX_IDENTITY_URL: `${base}/core`,
    MIX_API_URL: base,
    MIX_CLIENT_ID: account.clientId,
    MIX_CLIENT_SECRET: account.clientSecret,
    MIX_USERNAME: account.username,
    MIX_PASSWORD: account.password,
    MIX_ORGANISATION_ID: account.organisationId.toString(),
  };
}
