import assert from 'node:assert/strict';
import { test } from 'node:test';
import { windGeoJson, windKml } from '../src/features/geofences/winding';

// Parque Ibirapuera, São Paulo: the outer ring counter-clockwise (as the API wants it), a hole clockwise.
const OUTER = [
  [-46.6615, -23.5925],
  [-46.6495, -23.5925],
  [-46.6495, -23.5815],
  [-46.6615, -23.5815],
  [-46.6615, -23.5925],
];
const HOLE = [
  [-46.658, -23.59],
  [-46.658, -23.585],
  [-46.653, -23.585],
  [-46.653, -23.59],
  [-46.658, -23.59],
];
const reversed = (ring: number[][]) => [...ring].reverse();
const feature = (name: string, rings: number[][][]) => ({
  type: 'Feature',
  properties: { name },
  geometry: { type: 'Polygon', coordinates: rings },
});
const ringsOf = (data: unknown, i: number) =>
  (data as { features: Array<{ geometry: { coordinates: number[][][] } }> }).features[i].geometry.coordinates;

test('GeoJSON: a clockwise outer ring and a counter-clockwise hole are turned round, and named', () => {
  const file = {
    type: 'FeatureCollection',
    features: [
      feature('Certa', [OUTER, HOLE]),
      feature('Horária', [reversed(OUTER)]),
      feature('Furo ao contrário', [OUTER, reversed(HOLE)]),
      {
        type: 'Feature',
        properties: { name: 'Ponto', radiusM: 50 },
        geometry: { type: 'Point', coordinates: OUTER[0] },
      },
    ],
  };
  const { data, turned } = windGeoJson(file);
  assert.deepEqual(turned, ['Horária', 'Furo ao contrário']);
  assert.deepEqual(ringsOf(data, 0), [OUTER, HOLE], 'a well-wound polygon is left as it is');
  assert.deepEqual(ringsOf(data, 1), [OUTER]);
  assert.deepEqual(ringsOf(data, 2), [OUTER, HOLE]);
  assert.deepEqual(ringsOf(data, 3), OUTER[0] as unknown, 'a point is not a ring');
  assert.deepEqual(ringsOf(file, 1), [reversed(OUTER)], 'the file read is not changed in place');
});

test('GeoJSON that is not polygons, or not GeoJSON at all, passes through for the API to judge', () => {
  assert.deepEqual(windGeoJson({ type: 'Topology' }), { data: { type: 'Topology' }, turned: [] });
  const bad = { type: 'FeatureCollection', features: [feature('Texto', [[['a', 'b']]] as never)] };
  assert.deepEqual(windGeoJson(bad).turned, []);
});

const coords = (ring: number[][]) => ring.map((p) => p.join(',')).join(' ');
const placemark = (name: string, outer: number[][], hole?: number[][]) =>
  `<Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(outer)}</coordinates></LinearRing></outerBoundaryIs>${
    hole
      ? `<innerBoundaryIs><LinearRing><coordinates>${coords(hole)}</coordinates></LinearRing></innerBoundaryIs>`
      : ''
  }</Polygon></Placemark>`;
const ringsIn = (xml: string) =>
  [...xml.matchAll(/<coordinates>([\s\S]*?)<\/coordinates>/g)].map((m) =>
    m[1]
      .trim()
      .split(/\s+/)
      .map((t) => t.split(',').map(Number)),
  );

test('KML: rings drawn clockwise (KML has no convention) are turned round, the rest of the file kept', () => {
  const xml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemark('Certa', OUTER, HOLE)}${placemark(
    'Google Earth',
    reversed(OUTER),
    reversed(HOLE),
  )}<Placemark><name>Portão</name><Point><coordinates>-46.66,-23.59</coordinates></Point></Placemark></Document></kml>`;
  const { data, turned } = windKml(xml);
  assert.deepEqual(turned, ['Google Earth']);
  assert.deepEqual(ringsIn(data), [OUTER, HOLE, OUTER, HOLE, [[-46.66, -23.59]]]);
  assert.match(data, /^<\?xml version="1.0"\?><kml xmlns="http:\/\/www.opengis.net\/kml\/2.2"><Document>/);
  assert.equal(windKml(windKml(xml).data).turned.length, 0, 'turned once, right from then on');
});

test('KML: altitude kept, a placemark without a name named by its place, prefixed tags read', () => {
  const ring = reversed(OUTER).map((p) => [...p, 730]);
  const xml = `<kml:kml><kml:Placemark><kml:Polygon><kml:outerBoundaryIs><kml:LinearRing><kml:coordinates>\n  ${coords(ring)}\n</kml:coordinates></kml:LinearRing></kml:outerBoundaryIs></kml:Polygon></kml:Placemark></kml:kml>`;
  const { data, turned } = windKml(xml);
  assert.deepEqual(turned, ['#1']);
  assert.match(data, new RegExp(coords(OUTER.map((p) => [...p, 730])).replaceAll('.', '\\.')));
});
