'use client';

import type { Map as MapLibreMap } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { BaseMap } from './base-map';
import { fallBackWhenTilesFail, initialStyle } from './base-map-loader';
import { drawLabelsOnDemand } from './labels';
import type { LatestPosition, TrackPoint } from './map.api';
import { fleetGeoJson, pointGeoJson, trackBounds, trackGeoJson } from './map-data';
import { addFleetLayers, setSourceData } from './map-layers';
import { SAO_PAULO } from './map-style';

/** Served by app/(app)/map/maplibre-worker: the bundler cannot see MapLibre's worker file on its own. */
const WORKER_URL = '/map/maplibre-worker';
/** The outline's view opens no closer than this (a state or two on screen). */
const OUTLINE_MAX_ZOOM = 7;

export interface LiveMapProps {
  baseMap: BaseMap;
  positions: ReadonlyMap<string, LatestPosition>;
  version: number;
  selectedId: string | null;
  following: boolean;
  track: readonly TrackPoint[] | null;
  replayPoint: TrackPoint | null;
  label: string;
  /** One line shown over the map while it draws only the shipped outline. */
  outlineNotice: string;
  onSelect: (deviceId: string | null) => void;
}

/**
 * The MapLibre GL map: vehicles as one WebGL circle layer fed by a GeoJSON source updated in place,
 * a track coloured by speed and the replay marker. Loaded in the browser only (WebGL, workers).
 */
export function LiveMap(props: LiveMapProps) {
  const { baseMap, positions, version, selectedId, following, track, replayPoint } = props;
  const container = useRef<HTMLElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  // Bumped on every style load (the first, and the switch to the outline): layers are re-added.
  const [ready, setReady] = useState(0);
  const [outline, setOutline] = useState(false);
  const onSelect = useRef(props.onSelect);
  onSelect.current = props.onSelect;

  useEffect(() => {
    let cancelled = false;
    let map: MapLibreMap | undefined;
    void import('maplibre-gl').then(async (maplibre) => {
      const origin = window.location.origin;
      const { style, remote } = await initialStyle(maplibre, baseMap, origin);
      if (cancelled || !container.current) return;
      maplibre.setWorkerUrl(WORKER_URL);
      map = new maplibre.Map({
        container: container.current,
        style,
        center: SAO_PAULO,
        zoom: 10,
        attributionControl: { compact: true },
        dragRotate: false,
      });
      mapRef.current = map;
      map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new maplibre.ScaleControl({ unit: 'metric' }), 'bottom-right');
      const target = map;
      drawLabelsOnDemand(target);
      let outlineOnly = !remote;
      let tilesArrived = false;
      // Without streets, a city-sized view is an empty field: show the region, coast and borders.
      const showRegion = () => {
        if (target.getZoom() > OUTLINE_MAX_ZOOM) target.jumpTo({ zoom: OUTLINE_MAX_ZOOM });
      };
      setOutline(outlineOnly);
      if (outlineOnly) showRegion();
      else
        fallBackWhenTilesFail(target, origin, {
          fallback: () => {
            outlineOnly = true;
            setOutline(true);
            showRegion();
          },
          tiles: () => {
            tilesArrived = true;
          },
        });
      target.on('style.load', () => {
        addFleetLayers(target);
        setReady((n) => n + 1);
      });
      // What the map draws under the fleet, for tests: the outline counts once it is on screen.
      target.on('idle', () => {
        const drawn =
          outlineOnly &&
          target.getLayer('outline-land') !== undefined &&
          target.queryRenderedFeatures({ layers: ['outline-land'] }).length > 0;
        const base = outlineOnly ? (drawn ? 'outline' : 'loading') : tilesArrived ? 'tiles' : 'loading';
        container.current?.setAttribute('data-basemap', base);
        const plates = target.getLayer('vehicle-labels')
          ? target.queryRenderedFeatures({ layers: ['vehicle-labels'] }).map((f) => f.properties.label)
          : [];
        container.current?.setAttribute('data-plates', plates.join(','));
      });
      target.on('click', (event) => {
        const [hit] = target.queryRenderedFeatures(event.point, { layers: ['vehicles'] });
        onSelect.current(hit ? String(hit.properties.id) : null);
      });
      target.on('mousemove', (event) => {
        const over = target.queryRenderedFeatures(event.point, { layers: ['vehicles'] }).length > 0;
        target.getCanvas().style.cursor = over ? 'pointer' : '';
      });
      // The centre in the DOM lets tests (and curious users of devtools) see where the map looks.
      target.on('moveend', () => {
        const c = target.getCenter();
        container.current?.setAttribute('data-center', `${c.lng.toFixed(5)},${c.lat.toFixed(5)}`);
      });
    });
    return () => {
      cancelled = true;
      setReady(0);
      setOutline(false);
      mapRef.current = null;
      map?.remove();
    };
  }, [baseMap]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` says the positions changed.
  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    const data = fleetGeoJson(positions, selectedId);
    setSourceData(map, 'vehicles', data);
    container.current?.setAttribute('data-vehicles', String(data.features.length));
    const selected = selectedId ? positions.get(selectedId) : undefined;
    if (following && selected)
      map.easeTo({
        center: [selected.longitude, selected.latitude],
        duration: 400,
        zoom: Math.max(map.getZoom(), 13),
      });
  }, [ready, version, selectedId, following, positions]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    setSourceData(map, 'track', trackGeoJson(track ?? []));
    const bounds = track ? trackBounds(track) : null;
    // The details panel covers the left of the map: keep the track clear of it.
    if (bounds)
      map.fitBounds(bounds, {
        padding: { top: 60, right: 60, bottom: 60, left: 340 },
        maxZoom: 16,
        duration: 500,
      });
  }, [ready, track]);

  useEffect(() => {
    const map = mapRef.current;
    if (!ready || !map) return;
    setSourceData(map, 'replay', pointGeoJson(replayPoint));
  }, [ready, replayPoint]);

  return (
    <>
      <section ref={container} className="live-map" aria-label={props.label} data-vehicles="0" />
      {outline && (
        <p className="map-notice" role="status" title={props.outlineNotice}>
          {props.outlineNotice}
        </p>
      )}
    </>
  );
}
