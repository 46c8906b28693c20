import { randomBytes } from 'node:crypto';
import { badRequest, notFound } from '@pioneira/core';
import type { Sql } from '@pioneira/db';
import { WebhookSecretBox } from './secret-box';

/** A webhook endpoint as the API shows it: never its secret, only its last characters. */
export interface WebhookEndpoint {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a postgres.js row
const toEndpoint = (r: any): WebhookEndpoint => ({
  id: r.id,
  name: r.name,
  url: r.url,
  enabled: r.enabled,
  secretHint: r.secret_hint,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** A URL the worker may post to: http(s), with a host, no credentials in it. */
export function webhookUrlProblem(url: string, allowHttp: boolean): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL.`;
  }
  if (parsed.protocol !== 'https:' && !(allowHttp && parsed.protocol === 'http:'))
    return allowHttp ? 'Webhook URLs must be http:// or https://.' : 'Webhook URLs must be https://.';
  if (parsed.username || parsed.password) return 'Put no credentials in the URL: every request is signed.';
  return undefined;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** Webhook endpoints; each signing secret is shown once, when created or rotated. */
export class WebhookEndpointsService {
  private readonly box: WebhookSecretBox;

  constructor(
    private readonly sql: Sql,
    credentialsKey: string,
    private readonly allowHttp = true,
  ) {
    this.box = new WebhookSecretBox(credentialsKey);
  }

  async list(): Promise<WebhookEndpoint[]> {
    const rows = await this.sql`SELECT * FROM webhook_endpoints ORDER BY lower(name), id`;
    return rows.map(toEndpoint);
  }

  async create(
    input: { name: string; url: string; enabled?: boolean },
    by: string | null,
  ): Promise<WebhookEndpoint & { secret: string }> {
    const { name, url } = this.checked(input.name, input.url);
    const secret = newSecret();
    const [row] = await this.sql`
      INSERT INTO webhook_endpoints (name, url, secret_enc, secret_hint, enabled, created_by)
      VALUES (${name}, ${url}, ${this.box.seal(secret)}, ${secret.slice(-4)}, ${input.enabled ?? true}, ${by})
      RETURNING *`;
    return { ...toEndpoint(row), secret };
  }

  async update(
    id: string,
    patch: { name?: string; url?: string; enabled?: boolean },
  ): Promise<WebhookEndpoint> {
    const [current] = await this.sql`SELECT * FROM webhook_endpoints WHERE id = ${id}`;
    if (!current) throw notFound('The webhook endpoint');
    const { name, url } = this.checked(patch.name ?? current.name, patch.url ?? current.url);
    const [row] = await this.sql`
      UPDATE webhook_endpoints SET name = ${name}, url = ${url}, enabled = ${patch.enabled ?? current.enabled},
        updated_at = now() WHERE id = ${id} RETURNING *`;
    return toEndpoint(row);
  }

  /** A new secret; the old one stops signing at once. */
  async rotate(id: string): Promise<WebhookEndpoint & { secret: string }> {
    const secret = newSecret();
    const [row] = await this.sql`
      UPDATE webhook_endpoints SET secret_enc = ${this.box.seal(secret)}, secret_hint = ${secret.slice(-4)},
        updated_at = now() WHERE id = ${id} RETURNING *`;
    if (!row) throw notFound('The webhook endpoint');
    return { ...toEndpoint(row), secret };
  }

  /** Deletes an endpoint and takes it out of every rule. */
  async remove(id: string): Promise<void> {
    await this.sql.begin(async (tx) => {
      const rows = await tx`DELETE FROM webhook_endpoints WHERE id = ${id} RETURNING id`;
      if (rows.length === 0) throw notFound('The webhook endpoint');
      await tx`UPDATE alert_rules SET webhook_ids = array_remove(webhook_ids, ${id}::uuid), updated_at = now()
        WHERE ${id}::uuid = ANY(webhook_ids)`;
    });
  }

  /** Where to post and with which secret (the delivery worker). */
  async target(id: string): Promise<{ url: string; secret: string; enabled: boolean } | undefined> {
    const [row] = await this.sql`SELECT url, secret_enc, enabled FROM webhook_endpoints WHERE id = ${id}`;
    return row ? { url: row.url, secret: this.box.open(row.secret_enc), enabled: row.enabled } : undefined;
  }

  private checked(name: string, url: string) {
    const trimmed = name.trim();
    if (!trimmed) throw badRequest('invalid_webhook', 'The endpoint needs a name.');
    const problem = webhookUrlProblem(url.trim(), this.allowHttp);
    if (problem) throw badRequest('invalid_webhook', problem);
    return { name: trimmed, url: url.trim() };
  }
}
