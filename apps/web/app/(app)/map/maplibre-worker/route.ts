import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

// MapLibre starts its workers from a separate module file that the bundler does not emit; serving
// it from our origin keeps the map free of any third-party host (and working offline).
const workerPath = createRequire(import.meta.url).resolve('maplibre-gl/dist/maplibre-gl-worker.mjs');
let cached: Promise<Buffer> | undefined;

export async function GET() {
  cached ??= readFile(workerPath);
  return new Response(new Uint8Array(await cached), {
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    },
  });
}
