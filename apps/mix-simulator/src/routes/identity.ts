import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorContext } from '../context';
import { injectServerError } from './guard';

/** The only scope MiX Integrate app registrations accept. */
export const MIX_SCOPE = 'offline_access MiX.Integrate';

type Form = Record<string, string>;

/** IdentityServer3-style token endpoint and discovery document under `/core`. */
export async function identityRoutes(app: FastifyInstance, ctx: SimulatorContext): Promise<void> {
  app.get('/core/.well-known/openid-configuration', async (request, reply) => {
    const issuer = `${request.protocol}://${request.host}/core`;
    return reply.send({
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks`,
      authorization_endpoint: `${issuer}/connect/authorize`,
      token_endpoint: `${issuer}/connect/token`,
      userinfo_endpoint: `${issuer}/connect/userinfo`,
      end_session_endpoint: `${issuer}/connect/endsession`,
      revocation_endpoint: `${issuer}/connect/revocation`,
      scopes_supported: ['openid', 'offline_access', 'MiX.Integrate'],
      response_types_supported: ['code', 'token', 'id_token'],
      grant_types_supported: [
        'authorization_code',
        'client_credentials',
        'password',
        'refresh_token',
        'implicit',
      ],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    });
  });

  app.post('/core/connect/token', async (request, reply) => {
    if (injectServerError(ctx, reply)) return reply;
    const form =
      typeof request.body === 'object' && request.body !== null ? (request.body as Form) : undefined;
    if (
      !form ||
      !String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
    ) {
      return oauthError(
        reply,
        400,
        'invalid_request',
        'send the token request as application/x-www-form-urlencoded',
      );
    }
    const client = clientCredentials(request, form);
    if (client.id !== ctx.options.clientId || client.secret !== ctx.options.clientSecret) {
      return oauthError(
        reply,
        client.viaBasic ? 401 : 400,
        'invalid_client',
        'unknown client or wrong client secret',
      );
    }
    const now = Date.now();
    const lifetime = ctx.faults.current.tokenLifetime ?? ctx.options.tokenLifetimeSeconds;
    switch (form.grant_type) {
      case 'password': {
        if (form.scope !== MIX_SCOPE) {
          return oauthError(reply, 400, 'invalid_scope', `scope must be exactly '${MIX_SCOPE}'`);
        }
        if (form.username !== ctx.options.username || form.password !== ctx.options.password) {
          return oauthError(reply, 400, 'invalid_grant', 'invalid username or password');
        }
        return sendTokens(reply, ctx.tokens.issue(client.id, form.username, lifetime, now));
      }
      case 'refresh_token': {
        const grant = form.refresh_token
          ? ctx.tokens.redeemRefresh(form.refresh_token, client.id)
          : undefined;
        if (!grant)
          return oauthError(reply, 400, 'invalid_grant', 'the refresh token is unknown, used or revoked');
        return sendTokens(reply, ctx.tokens.issue(grant.clientId, grant.username, lifetime, now));
      }
      case 'client_credentials':
        // Measured on MiX: Integrate registrations only allow the password grant.
        return oauthError(reply, 400, 'unauthorized_client', 'this client may only use the password grant');
      default:
        return oauthError(
          reply,
          400,
          'unsupported_grant_type',
          `grant_type '${form.grant_type ?? ''}' is not supported`,
        );
    }
  });
}

function clientCredentials(request: FastifyRequest, form: Form) {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
    const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    try {
      return {
        id: formDecode(colon < 0 ? decoded : decoded.slice(0, colon)),
        secret: colon < 0 ? '' : formDecode(decoded.slice(colon + 1)),
        viaBasic: true,
      };
    } catch {
      return { id: '', secret: '', viaBasic: true };
    }
  }
  return { id: form.client_id ?? '', secret: form.client_secret ?? '', viaBasic: false };
}

function sendTokens(
  reply: FastifyReply,
  tokens: { accessToken: string; refreshToken: string; expiresIn: number },
) {
  return reply.header('cache-control', 'no-store').send({
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    token_type: 'Bearer',
    refresh_token: tokens.refreshToken,
  });
}

function oauthError(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}
