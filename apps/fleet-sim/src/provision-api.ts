import type { DeviceSpec, DeviceTokens, Provisioner } from './provision';

/** Provisioning through the REST API failed; the message says what the API answered. */
export class ProvisionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProvisionError';
  }
}

export interface ApiProvisionOptions {
  apiUrl: string;
  /** Access token (JWT) of a manager or admin. */
  accessToken: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
}

/**
 * Registers the devices through `POST /api/devices`. A JSON device that already exists gets a new
 * token (`POST /api/devices/:id/token`), since the old one was shown only once.
 */
export function apiProvisioner(options: ApiProvisionOptions): Provisioner {
  const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(new URL(path, base), {
      method,
      headers: {
        authorization: `Bearer ${options.accessToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return {
      status: response.status,
      json: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    };
  };

  const register = async (device: DeviceSpec): Promise<string | undefined> => {
    const { identifier, name, protocol, vehicleId } = device;
    const created = await call('POST', 'api/devices', {
      identifier,
      name,
      protocol,
      vehicleId: vehicleId ?? null,
    });
    if (created.status === 201) return created.json.token as string;
    if (created.status !== 409) throw refused(created, `registering device ${identifier}`);
    if (protocol !== 'json') return undefined;
    const found = await call('GET', `api/devices?search=${encodeURIComponent(identifier)}&pageSize=200`);
    const items = (found.json.items ?? []) as { id: string; identifier: string }[];
    const existing = items.find((item) => item.identifier === identifier);
    if (found.status !== 200 || !existing) throw refused(found, `looking up device ${identifier}`);
    const rotated = await call('POST', `api/devices/${existing.id}/token`);
    if (rotated.status !== 200) throw refused(rotated, `renewing the token of device ${identifier}`);
    return rotated.json.token as string;
  };

  return async (devices) => {
    const tokens: DeviceTokens = new Map();
    let next = 0;
    const worker = async () => {
      while (next < devices.length) {
        const device = devices[next++] as DeviceSpec;
        const token = await register(device);
        if (token && device.protocol === 'json') tokens.set(device.identifier, token);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
    return tokens;
  };
}

function refused(answer: { status: number; json: Record<string, unknown> }, doing: string): ProvisionError {
  const error = (answer.json.error ?? {}) as { code?: string; message?: string };
  const hint =
    answer.status === 401 || answer.status === 403 ? ' Use the access token of a manager or admin.' : '';
  return new ProvisionError(
    error.code ?? `http_${answer.status}`,
    `The API answered ${answer.status} when ${doing}: ${error.message ?? 'no message'}.${hint}`,
  );
}
