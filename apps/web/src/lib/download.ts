import { ApiError } from '@/lib/api';
import { errorFromResponse } from '@/lib/api/errors';
import { type Query, withQuery } from '@/lib/api/http';
import { session } from '@/lib/auth/session';

async function fetchFile(path: string, query: Query): Promise<Response> {
  await session.settled();
  const send = () =>
    fetch(withQuery(path, query), {
      headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
      credentials: 'same-origin',
      cache: 'no-store',
    }).catch(() => {
      throw new ApiError(0, 'network_error', 'The API could not be reached.');
    });
  let response = await send();
  // Same rule as apiFetch: one refresh and retry when the access token has expired.
  if (response.status === 401 && (await session.refresh())) response = await send();
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** Saves a file the API generates (a link cannot carry the access token, so it is fetched then saved). */
export async function downloadFile(path: string, query: Query, fallbackName: string): Promise<void> {
  const response = await fetchFile(path, query);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  saveBlob(await response.blob(), name);
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
