import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** AES-256-GCM for webhook secrets at rest, its key derived from CREDENTIALS_KEY (HKDF-SHA256). */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(credentialsKey: string) {
    if (!credentialsKey || credentialsKey.length < 16)
      throw new Error('CREDENTIALS_KEY must be set (at least 32 characters) to keep webhook secrets');
    this.key = Buffer.from(hkdfSync('sha256', credentialsKey, 'pioneira', 'webhook secrets v1', 32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined)
      throw new Error('stored webhook secret is malformed');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
