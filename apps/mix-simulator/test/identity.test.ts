import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { login, passwordForm, type Running, requestToken, startSimulator } from './helpers';

describe('identity: /core/connect/token', () => {
  let run: Running;
  before(async () => {
    run = await startSimulator();
  });
  after(() => run.sim.close());

  const apiStatus = async (accessToken: string) =>
    (
      await fetch(`${run.base}/api/organisationgroups`, {
        headers: { authorization: `Bearer ${accessToken}` },
      })
    ).status;

  it('issues a bearer token with a refresh token for the password grant (client creds in the form)', async () => {
    const { status, body } = await requestToken(run.base, passwordForm(run.sim));
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(body.expires_in, 3600);
    assert.equal(typeof body.refresh_token, 'string');
    assert.equal(await apiStatus(String(body.access_token)), 200);
  });

  it('accepts client credentials as HTTP Basic', async () => {
    const form = passwordForm(run.sim);
    form.delete('client_id');
    form.delete('client_secret');
    const basic = Buffer.from(`${run.sim.options.clientId}:${run.sim.options.clientSecret}`).toString(
      'base64',
    );
    const { status, body } = await requestToken(run.base, form, { authorization: `Basic ${basic}` });
    assert.equal(status, 200);
    assert.equal(await apiStatus(String(body.access_token)), 200);
  });

  it('refuses a wrong password with 400 invalid_grant', async () => {
    const { status, body } = await requestToken(run.base, passwordForm(run.sim, { password: 'wrong' }));
    assert.equal(status, 400);
    assert.equal(body.error, 'invalid_grant');
    assert.equal(typeof body.error_description, 'string');
  });

  it('refuses a wrong client secret with invalid_client (400 in the form, 401 with Basic)', async () => {
    const inForm = await requestToken(run.base, passwordForm(run.sim, { client_secret: 'nope' }));
    assert.equal(inForm.status, 400);
    assert.equal(inForm.body.error, 'invalid_client');
    const form = passwordForm(run.sim);
    form.delete('client_secret');
    const basic = Buffer.from(`${run.sim.options.clientId}:nope`).toString('base64');
    const viaBasic = await requestToken(run.base, form, { authorization: `Basic ${basic}` });
    assert.equal(viaBasic.status, 401);
    assert.equal(viaBasic.body.error, 'invalid_client');
  });

  it('requires the exact MiX scope and only the password grant', async () => {
    const scope = await requestToken(run.base, passwordForm(run.sim, { scope: 'MiX.Integrate' }));
    assert.equal(scope.status, 400);
    assert.equal(scope.body.error, 'invalid_scope');
    const clientCredentials = await requestToken(
      run.base,
      passwordForm(run.sim, { grant_type: 'client_credentials' }),
    );
    assert.equal(clientCredentials.body.error, 'unauthorized_client');
  });

  it('rotates refresh tokens: each refresh returns a new one and the used one is refused', async () => {
    const first = await requestToken(run.base, passwordForm(run.sim));
    const refresh = (token: unknown) =>
      requestToken(
        run.base,
        new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: String(token),
          client_id: run.sim.options.clientId,
          client_secret: run.sim.options.clientSecret,
        }),
      );
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    assert.equal(await apiStatus(String(second.body.access_token)), 200);
    const reused = await refresh(first.body.refresh_token);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.error, 'invalid_grant');

    run.sim.setFaults({ revokeRefreshTokens: true });
    const revoked = await refresh(second.body.refresh_token);
    assert.equal(revoked.status, 400);
    assert.equal(revoked.body.error, 'invalid_grant');
    // The fault is one-shot: tokens issued afterwards work again.
    const fresh = await requestToken(run.base, passwordForm(run.sim));
    assert.equal((await refresh(fresh.body.refresh_token)).status, 200);
  });

  it('answers 401 to a missing, unknown or expired bearer token', async () => {
    const token = await login(run);
    assert.equal(await apiStatus('not-a-token'), 401);
    assert.equal((await fetch(`${run.base}/api/organisationgroups`)).status, 401);
    run.sim.setFaults({ expireTokensNow: true });
    assert.equal(await apiStatus(token), 401);
    assert.equal(await apiStatus(await login(run)), 200);
  });

  it('honours a shortened token lifetime', async () => {
    run.sim.setFaults({ tokenLifetime: 1 });
    const { body } = await requestToken(run.base, passwordForm(run.sim));
    run.sim.setFaults({ tokenLifetime: null });
    assert.equal(body.expires_in, 1);
    assert.equal(await apiStatus(String(body.access_token)), 200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(await apiStatus(String(body.access_token)), 401);
  });

  it('publishes a discovery document whose token endpoint is under /core', async () => {
    const response = await fetch(`${run.base}/core/.well-known/openid-configuration`);
    const doc = (await response.json()) as Record<string, string>;
    assert.equal(doc.token_endpoint, `${run.base}/core/connect/token`);
    assert.equal(doc.issuer, `${run.base}/core`);
  });
});
