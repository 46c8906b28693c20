import { session } from '../auth/session';
import { ApiError } from './errors';
import { type RequestOptions, request } from './http';

export interface ApiFetchOptions extends Omit<RequestOptions, 'accessToken'> {
  /** Send the access token (default). Public endpoints pass `false`. */
  auth?: boolean;
}

/**
 * Calls our API with the signed-in user's access token. On a 401 it refreshes the token once and
 * retries; if that refresh fails the session ends (and the app shows the login page).
 */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const { auth = true, ...rest } = options;
  if (!auth) return request<T>(path, rest);
  await session.settled();
  const tokenUsed = session.token;
  try {
    return await request<T>(path, { ...rest, accessToken: tokenUsed });
  } catch (error) {
    // `invalid_credentials` means a password in the body was wrong (e.g. the current one on a
    // password change), not the token: refreshing and retrying would only count a second failure.
    if (!(error instanceof ApiError) || error.status !== 401 || error.code === 'invalid_credentials')
      throw error;
    // Another call may have refreshed meanwhile: then its new token is enough, no second rotation.
    const refreshedMeanwhile = session.token !== null && session.token !== tokenUsed;
    if (!refreshedMeanwhile && !(await session.refresh())) throw error;
    return request<T>(path, { ...rest, accessToken: session.token });
  }
}
