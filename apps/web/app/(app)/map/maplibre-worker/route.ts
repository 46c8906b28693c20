import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// MapLibre starts its workers from a separate module file that the bundler does not emit; serving
// it from our origin keeps the map free of any third-party host (and working offline).
const WORKER_FILE = ['maplibre-gl', 'dist', 'maplibre-gl-worker.mjs'];
let cached: Promise<Buffer> | undefined;

/** Finds the file in the nearest node_modules above the app (workspaces hoist it to the root). */
async function locate(): Promise<string> {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...WORKER_FILE);
    try {
      await access(candidate);
      return candidate;
    } catch {
      if (dirname(dir) === dir) throw new Error('maplibre-gl is not installed: run npm install.');
    }
  }
}

export async function GET() {
  cached ??= locate().then((path) => readFile(path));
  cached.catch(() => {
    cached = undefined; // try again on the next request (e.g. after npm install)
  });
  return new Response(new Uint8Array(await cached), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    },
  });
}
