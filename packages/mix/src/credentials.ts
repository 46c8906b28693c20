import { createHash } from 'node:crypto';
import type { Config } from '@pioneira/config';
import type { Sql } from '@pioneira/db';
import { MixNotConfiguredError } from './errors';
import type { SecretBox } from './secret-box';

/** Everything needed to call MiX on behalf of one account. */
export interface MixCredentials {
  identityUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  organisationId: string;
}

export type CredentialsSource = 'database' | 'environment' | 'none';

/** What may be shown of the stored credentials: never the secrets. */
export interface CredentialsView {
  source: CredentialsSource;
  configured: boolean;
  identityUrl: string | null;
  apiUrl: string | null;
  clientId: string | null;
  username: string | null;
  organisationId: string | null;
  hasClientSecret: boolean;
  hasPassword: boolean;
  updatedAt: Date | null;
  tokenExpiresAt: Date | null;
}

export interface StoredTokens {
  accessToken?: string;
  accessTokenExpiresAt?: Date;
  refreshToken?: string;
}

export interface CredentialsInput {
  identityUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret?: string;
  username: string;
  password?: string;
  organisationId: string;
}

const FIELDS = [
  'identityUrl',
  'apiUrl',
  'clientId',
  'clientSecret',
  'username',
  'password',
  'organisationId',
] as const;

/** Identifies an account (not its secrets): tokens and the rate-limit key belong to it. */
export function fingerprintOf(
  c: Pick<MixCredentials, 'identityUrl' | 'apiUrl' | 'clientId' | 'username'>,
): string {
  return createHash('sha256')
    .update([c.identityUrl, c.apiUrl, c.clientId, c.username].join('\n'))
    .digest('hex')
    .slice(0, 24);
}

/** The `api_credentials` row of MiX: credentials typed in by an admin win over MIX_* variables. */
export class CredentialStore {
  constructor(
    private readonly sql: Sql,
    private readonly box: SecretBox,
    private readonly fromEnv: Readonly<Config['mix']>,
  ) {}

  /** The credentials to use now, or MixNotConfiguredError naming what is missing. */
  async resolve(): Promise<MixCredentials> {
    const row = await this.row();
    const stored: Partial<MixCredentials> | undefined = row?.client_id
      ? {
          identityUrl: row.identity_url ?? undefined,
          apiUrl: row.api_url ?? undefined,
          clientId: row.client_id,
          clientSecret: row.client_secret_enc ? this.box.open(row.client_secret_enc) : undefined,
          username: row.username ?? undefined,
          password: row.password_enc ? this.box.open(row.password_enc) : undefined,
          organisationId: row.organisation_id ?? undefined,
        }
      : undefined;
    const chosen: Partial<MixCredentials> = stored ?? this.fromEnv;
    const missing = FIELDS.filter((f) => !chosen[f]);
    if (missing.length) throw new MixNotConfiguredError(missing.map((f) => envName(f)));
    return {
      ...(chosen as MixCredentials),
      identityUrl: chosen.identityUrl!.replace(/\/+$/, ''),
      apiUrl: chosen.apiUrl!.replace(/\/+$/, ''),
    };
  }

  async view(): Promise<CredentialsView> {
    const row = await this.row();
    const env = this.fromEnv;
    const useRow = Boolean(row?.client_id);
    const envSet = FIELDS.some((f) => env[f]);
    const pick = (dbValue: string | null | undefined, envValue: string | undefined) =>
      (useRow ? dbValue : envValue) ?? null;
    const view: CredentialsView = {
      source: useRow ? 'database' : envSet ? 'environment' : 'none',
      configured: false,
      identityUrl: pick(row?.identity_url, env.identityUrl),
      apiUrl: pick(row?.api_url, env.apiUrl),
      clientId: pick(row?.client_id, env.clientId),
      username: pick(row?.username, env.username),
      organisationId: pick(row?.organisation_id, env.organisationId),
      hasClientSecret: useRow ? Boolean(row?.client_secret_enc) : Boolean(env.clientSecret),
      hasPassword: useRow ? Boolean(row?.password_enc) : Boolean(env.password),
      updatedAt: useRow ? (row?.credentials_updated_at ?? null) : null,
      tokenExpiresAt: row?.access_token_expires_at ?? null,
    };
    view.configured = Boolean(
      view.identityUrl &&
        view.apiUrl &&
        view.clientId &&
        view.username &&
        view.organisationId &&
        view.hasClientSecret &&
        view.hasPassword,
    );
    return view;
  }

  /** Saves an admin's credentials; a secret left out keeps the stored one. Stored tokens are dropped. */
  async save(input: CredentialsInput, userId?: string): Promise<void> {
    const secret = input.clientSecret ? this.box.seal(input.clientSecret) : null;
    const password = input.password ? this.box.seal(input.password) : null;
    await this.sql`
      INSERT INTO api_credentials (provider, identity_url, api_url, client_id, client_secret_enc, username,
        password_enc, organisation_id, updated_by, credentials_updated_at)
      VALUES ('mix', ${input.identityUrl}, ${input.apiUrl}, ${input.clientId}, ${secret}, ${input.username},
        ${password}, ${input.organisationId}, ${userId ?? null}, now())
      ON CONFLICT (provider) DO UPDATE SET
        identity_url = EXCLUDED.identity_url, api_url = EXCLUDED.api_url, client_id = EXCLUDED.client_id,
        client_secret_enc = COALESCE(EXCLUDED.client_secret_enc, api_credentials.client_secret_enc),
        username = EXCLUDED.username,
        password_enc = COALESCE(EXCLUDED.password_enc, api_credentials.password_enc),
        organisation_id = EXCLUDED.organisation_id, updated_by = EXCLUDED.updated_by,
        credentials_updated_at = now(),
        fingerprint = NULL, access_token_enc = NULL, refresh_token_enc = NULL, access_token_expires_at = NULL`;
  }

  /** Tokens stored for this account (tokens of another account are ignored). */
  async loadTokens(fingerprint: string): Promise<StoredTokens> {
    const row = await this.row();
    if (!row || row.fingerprint !== fingerprint) return {};
    return {
      accessToken: row.access_token_enc ? this.box.open(row.access_token_enc) : undefined,
      accessTokenExpiresAt: row.access_token_expires_at ?? undefined,
      refreshToken: row.refresh_token_enc ? this.box.open(row.refresh_token_enc) : undefined,
    };
  }

  async saveTokens(fingerprint: string, tokens: StoredTokens): Promise<void> {
    const access = tokens.accessToken ? this.box.seal(tokens.accessToken) : null;
    const refresh = tokens.refreshToken ? this.box.seal(tokens.refreshToken) : null;
    await this.sql`
      INSERT INTO api_credentials (provider, fingerprint, access_token_enc, access_token_expires_at, refresh_token_enc, tokens_updated_at)
      VALUES ('mix', ${fingerprint}, ${access}, ${tokens.accessTokenExpiresAt ?? null}, ${refresh}, now())
      ON CONFLICT (provider) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,
        access_token_enc = EXCLUDED.access_token_enc, access_token_expires_at = EXCLUDED.access_token_expires_at,
        refresh_token_enc = EXCLUDED.refresh_token_enc, tokens_updated_at = now()`;
  }

  private async row() {
    const [row] = await this.sql<CredentialRow[]>`SELECT * FROM api_credentials WHERE provider = 'mix'`;
    return row;
  }
}

interface CredentialRow {
  identity_url: string | null;
  api_url: string | null;
  client_id: string | null;
  client_secret_enc: string | null;
  username: string | null;
  password_enc: string | null;
  organisation_id: string | null;
  fingerprint: string | null;
  access_token_enc: string | null;
  access_token_expires_at: Date | null;
  refresh_token_enc: string | null;
  credentials_updated_at: Date | null;
}

const envName = (field: (typeof FIELDS)[number]) =>
  `MIX_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
