'use client';

import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { BaseMap } from '../map/base-map';
import { fallBackWhenTilesFail, initialStyle } from '../map/base-map-loader';
import { SAO_PAULO } from '../map/map-style';
import type { Geofence, GeofenceDraft } from './geofences.api';
import { circleOf, geofencesGeoJson } from './shapes';

const WORKER_URL = '/map/maplibre-worker';
export type DrawMode = 'circle' | 'polygon' | 'corridor';

interface Draw {
  setMode(mode: string): void;
  clear(): void;
  stop(): void;
}

/**
 * The geofences on a MapLibre map, and Terra Draw's circle, polygon and line modes to draw a new
 * one (a corridor is a line; its width comes from the form). A finished drawing is handed up as a
 * GeoJSON geometry, the circle as its centre and radius.
 */
export function GeofenceMap(props: {
  baseMap: BaseMap;
  geofences: readonly Geofence[];
  mode: DrawMode | null;
  label: string;
  onDrawn: (geometry: Pick<GeofenceDraft, 'geometry' | 'radiusM'>) => void;
}) {
  const { baseMap, geofences, mode } = props;
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const drawRef = useRef<Draw | null>(null);
  const [ready, setReady] = useState(false);
  const onDrawn = useRef(props.onDrawn);
  onDrawn.current = props.onDrawn;

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
        const { TerraDraw, TerraDrawCircleMode, TerraDrawLineStringMode, TerraDrawPolygonMode } =
          await import('terra-draw');
        const { TerraDrawMapLibreGLAdapter } = await import('terra-draw-maplibre-gl-adapter');
        if (cancelled) return;
        const draw = new TerraDraw({
          adapter: new TerraDrawMapLibreGLAdapter({ map: target }),
          modes: [new TerraDrawCircleMode(), new TerraDrawPolygonMode(), new TerraDrawLineStringMode()],
        });
        draw.start();
        draw.on('finish', (id) => {
          const feature = draw.getSnapshotFeature(id);
          if (!feature) return;
          const geometry = feature.geometry as { type: string; coordinates: unknown };
          if (feature.properties?.mode === 'circle') {
            const ring = (geometry.coordinates as [number, number][][])[0];
            onDrawn.current(circleOf(ring));
          } else if (geometry.type === 'Polygon' || geometry.type === 'LineString') {
            onDrawn.current({ geometry: geometry as GeofenceDraft['geometry'] });
          }
        });
        drawRef.current = draw;
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
    if (ready) source?.setData(geofencesGeoJson(geofences));
  }, [ready, geofences]);

  useEffect(() => {
    const draw = drawRef.current;
    if (!ready || !draw) return;
    draw.clear();
    draw.setMode(mode === null ? 'static' : mode === 'corridor' ? 'linestring' : mode);
  }, [ready, mode]);

  return <div ref={container} className="geofence-map" role="application" aria-label={props.label} />;
}
