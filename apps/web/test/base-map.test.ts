import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STYLE_URL, parseBaseMap } from '../src/features/map/base-map';

test('unset, the map uses the public default style; "offline" asks for the shipped outline only', () => {
  assert.deepEqual(parseBaseMap(undefined, undefined), { kind: 'style', url: DEFAULT_STYLE_URL });
  assert.deepEqual(parseBaseMap('  ', undefined), { kind: 'style', url: DEFAULT_STYLE_URL });
  assert.deepEqual(parseBaseMap('offline', undefined), { kind: 'offline' });
});

test('the form of the URL picks raster tiles, a PMTiles archive or a MapLibre style', () => {
  assert.deepEqual(parseBaseMap('https://tiles.example.com/{z}/{x}/{y}.png', 'Tiles: Example'), {
    kind: 'raster',
    url: 'https://tiles.example.com/{z}/{x}/{y}.png',
    attribution: 'Tiles: Example',
  });
  assert.deepEqual(parseBaseMap('pmtiles://https://maps.example.com/brazil.pmtiles', undefined), {
    kind: 'pmtiles',
    url: 'https://maps.example.com/brazil.pmtiles',
    attribution: null,
  });
  assert.deepEqual(parseBaseMap('/tiles/brazil.pmtiles', undefined), {
    kind: 'pmtiles',
    url: '/tiles/brazil.pmtiles',
    attribution: null,
  });
  assert.deepEqual(parseBaseMap('https://maps.example.com/style.json', undefined), {
    kind: 'style',
    url: 'https://maps.example.com/style.json',
  });
});

test("OpenStreetMap's own tile servers are credited as their licence requires, unless told otherwise", () => {
  const osm = parseBaseMap('https://tile.openstreetmap.org/{z}/{x}/{y}.png', undefined);
  assert.equal(osm.kind, 'raster');
  assert.match(osm.kind === 'raster' ? (osm.attribution ?? '') : '', /OpenStreetMap.*contributors/);
  const other = parseBaseMap('https://tiles.example.com/{z}/{x}/{y}.png', undefined);
  assert.equal(other.kind === 'raster' && other.attribution, null);
});
