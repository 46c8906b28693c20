'use client';

import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { BaseMap } from '../map/base-map';
import { fallBackWhenTilesFail, initialStyle } from '../map/base-map-loader';
import { SAO_PAULO } from '../map/map-style';
import type { Geofence, GeofenceDraft } from './geofences.api';
import { circleOf, geofencesGeoJson, ringAround } from './shapes';

const WORKER_URL = '/map/maplibre-worker';
export type DrawMode = 'circle' | 'polygon' | 'corridor';
export type Shape = Pick<GeofenceDraft, 'geometry' | 'radiusM'>;

/** The shape under edit: each new `key` puts it on the map again (and `fit` frames it). */
export interface EditedShape extends Shape {
  key: number;
  fit?: number[];
}

interface DrawFeature {
  id?: string | number;
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

interface Draw {
  setMode(mode: string): void;
  clear(): void;
  stop(): void;
  addFeatures(features: DrawFeature[]): Array<{ id?: string | number; valid: boolean; reason?: string }>;
  selectFeature(id: string | number): void;
  getFeatureId(): string | number;
}

/** A shape as Terra Draw holds it: a circle is a polygon of its mode with its radius. */
function drawFeature(shape: Shape): DrawFeature {
  const g = shape.geometry;
  if (g.type === 'Point')
    return {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [ringAround(g.coordinates as [number, number], shape.radiusM ?? 1)],
      },
      properties: { mode: 'circle', radiusKilometers: (shape.radiusM ?? 1) / 1000 },
    };
  return {
    type: 'Feature',
    geometry: g,
    properties: { mode: g.type === 'Polygon' ? 'polygon' : 'linestring' },
  };
}

const editable = { midpoints: true, draggable: true, deletable: true };

/**
 * The geofences on a MapLibre map, and Terra Draw's circle, polygon and line modes to draw a new
 * one (a corridor is a line; its width comes from the form). The shape under edit (a new drawing
 * once finished, or a stored geofence) stays selected: drag it, drag or delete its vertices, add
 * one from a midpoint, or drag a circle's edge to resize it. Every finished change is handed up as
 * a GeoJSON geometry, a circle as its centre and radius.
 */
export function GeofenceMap(props: {
  baseMap: BaseMap;
  geofences: readonly Geofence[];
  mode: DrawMode | null;
  shape: EditedShape | null;
  /** The stored geofence being edited, left out of the plain layer while its shape is on the map. */
  hiddenId: string | null;
  label: string;
  onDrawn: (shape: Shape, drawnNow: boolean) => void;
}) {
  const { baseMap, geofences, mode, shape, hiddenId } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const drawRef = useRef<Draw | null>(null);
  const [ready, setReady] = useState(false);
  const onDrawn = useRef(props.onDrawn);
  onDrawn.current = props.onDrawn;
  const shapeRef = useRef(shape);
  shapeRef.current = shape;

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | undefined;
    void (async () => {
      const maplibre = await import('maplibre-gl');
      const { style, remote } = await initialStyle(maplibre, baseMap, window.location.origin);
      if (cancelled || !container.current) return;
      maplibre.setWorkerUrl(WORKER_URL);
      map = new maplibre.Map({
        container: container.current,
        style,
        center: SAO_PAULO,
        zoom: 11,
        dragRotate: false,
      });
      mapRef.current = map;
      map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      if (remote) fallBackWhenTilesFail(map, window.location.origin, { fallback: () => {}, tiles: () => {} });
      const target = map;
      target.on('load', async () => {
        target.addSource('geofences', { type: 'geojson', data: geofencesGeoJson([]) });
        target.addLayer({
          id: 'geofences-fill',
          type: 'fill',
          source: 'geofences',
          filter: ['==', ['geometry-type'], 'Polygon'],
          paint: { 'fill-color': '#1f6feb', 'fill-opacity': 0.15 },
        });
        target.addLayer({
          id: 'geofences-line',
          type: 'line',
          source: 'geofences',
          paint: {
            'line-color': '#1f6feb',
            'line-width': ['case', ['==', ['get', 'kind'], 'corridor'], 6, 2],
          },
        });
        const {
          TerraDraw,
          TerraDrawCircleMode,
          TerraDrawLineStringMode,
          TerraDrawPolygonMode,
          TerraDrawSelectMode,
        } = await import('terra-draw');
        const { TerraDrawMapLibreGLAdapter } = await import('terra-draw-maplibre-gl-adapter');
        if (cancelled) return;
        const draw = new TerraDraw({
          adapter: new TerraDrawMapLibreGLAdapter({ map: target }),
          modes: [
            new TerraDrawCircleMode(),
            new TerraDrawPolygonMode(),
            new TerraDrawLineStringMode(),
            new TerraDrawSelectMode({
              flags: {
                polygon: { feature: { draggable: true, coordinates: editable } },
                linestring: { feature: { draggable: true, coordinates: editable } },
                circle: { feature: { draggable: true, coordinates: { resizable: 'center-fixed' } } },
              },
            }),
          ],
        });
        draw.start();
        draw.on('finish', (id, context) => {
          const feature = draw.getSnapshotFeature(id);
          if (!feature) return;
          const geometry = feature.geometry as { type: string; coordinates: unknown };
          const drawnNow = context.action === 'draw';
          if (feature.properties?.mode === 'circle') {
            const ring = (geometry.coordinates as [number, number][][])[0];
            onDrawn.current(circleOf(ring), drawnNow);
          } else if (geometry.type === 'Polygon' || geometry.type === 'LineString') {
            onDrawn.current({ geometry: geometry as GeofenceDraft['geometry'] }, drawnNow);
          }
        });
        drawRef.current = draw as unknown as Draw;
        setReady(true);
      });
    })();
    return () => {
      cancelled = true;
      drawRef.current?.stop();
      drawRef.current = null;
      map?.remove();
      mapRef.current = null;
    };
  }, [baseMap]);

  useEffect(() => {
    const source = mapRef.current?.getSource('geofences') as { setData(d: unknown): void } | undefined;
    const shown = shape && hiddenId ? geofences.filter((g) => g.id !== hiddenId) : geofences;
    if (ready) source?.setData(geofencesGeoJson(shown));
  }, [ready, geofences, shape, hiddenId]);

  // A drawing mode starts a new shape; otherwise the shape under edit is put on the map, selected.
  const shapeKey = shape?.key ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key stands for a new shape to show.
  useEffect(() => {
    const draw = drawRef.current;
    if (!ready || !draw) return;
    draw.clear();
    const current = shapeRef.current;
    if (mode !== null) {
      draw.setMode(mode === 'corridor' ? 'linestring' : mode);
      return;
    }
    if (!current) {
      draw.setMode('static');
      return;
    }
    draw.setMode('select');
    // Terra Draw takes only features with an id of its own kind.
    const [added] = draw.addFeatures([{ ...drawFeature(current), id: draw.getFeatureId() }]);
    if (added?.valid && added.id !== undefined) draw.selectFeature(added.id);
    const box = current.fit;
    if (box && box.length === 4)
      mapRef.current?.fitBounds(
        [
          [box[0], box[1]],
          [box[2], box[3]],
        ],
        { padding: 80, animate: false, maxZoom: 17 },
      );
  }, [ready, mode, shapeKey]);

  return (
    <div
      ref={container}
      className="geofence-map"
      role="application"
      aria-label={props.label}
      data-ready={ready ? 'true' : undefined}
    />
  );
}
