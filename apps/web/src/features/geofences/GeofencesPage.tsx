'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { Alert, Card, PageHeader, Pagination, SelectField, TextField, useToast } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import type { BaseMap } from '../map/base-map';
import type { DrawMode } from './GeofenceMap';
import {
  createGeofence,
  deleteGeofence,
  exportGeofences,
  type GeofenceDraft,
  importGeofences,
  listGeofences,
  listGroups,
} from './geofences.api';
import { counterClockwise } from './shapes';
import './geofences.css';

const GeofenceMap = dynamic(() => import('./GeofenceMap').then((m) => m.GeofenceMap), { ssr: false });
const MODES: DrawMode[] = ['circle', 'polygon', 'corridor'];
const num = (text: string) => (text.trim() === '' ? null : Number(text));

/** Geofences: the map with the drawing tools, the form of a new one, the list, import and export. */
export function GeofencesPage({ baseMap }: { baseMap: BaseMap }) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [groupId, setGroupId] = useState('');
  const list = useLoad(`${version}:${page}:${pageSize}:${groupId}`, (signal) =>
    listGeofences({ page, pageSize, groupId }, signal),
  );
  const groups = useLoad(String(version), listGroups);
  const [mode, setMode] = useState<DrawMode | null>(null);
  const [drawn, setDrawn] = useState<Pick<GeofenceDraft, 'geometry' | 'radiusM'> | null>(null);
  const [name, setName] = useState('');
  const [width, setWidth] = useState('50');
  const [speed, setSpeed] = useState('');
  const [dwell, setDwell] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => setVersion((v) => v + 1);

  const save = async () => {
    if (!drawn) return;
    setError(null);
    try {
      await createGeofence({
        name: name.trim(),
        groupId: groupId || null,
        geometry: counterClockwise(drawn.geometry),
        radiusM: drawn.radiusM ?? null,
        widthM: drawn.geometry.type === 'LineString' ? num(width) : null,
        speedLimitKmh: num(speed),
        dwellMaxSeconds: dwell.trim() === '' ? null : Math.round(Number(dwell) * 60),
      });
      notify(t('geofences.saved'));
      setDrawn(null);
      setMode(null);
      setName('');
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    try {
      const text = await file.text();
      const kml = /\.kml$/i.test(file.name) || text.trimStart().startsWith('<');
      const result = await importGeofences(
        kml ? 'kml' : 'geojson',
        kml ? text : JSON.parse(text),
        groupId || null,
      );
      notify(t('geofences.imported', { count: result.created }));
      refresh();
    } catch (e) {
      setError(e instanceof SyntaxError ? t('geofences.badFile') : errorMessage(e));
    }
  };

  const items = list.data?.items ?? [];
  const groupOptions = [
    { value: '', label: t('geofences.allGroups') },
    ...(groups.data ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.geofences})` })),
  ];
  return (
    <div className="geofences-page">
      <PageHeader title={t('geofences.title')} subtitle={t('geofences.subtitle')} />
      <div className="geofences-page__body">
        <Card className="geofences-page__map">
          {canEdit && (
            <div className="geofences-page__tools" role="toolbar" aria-label={t('geofences.draw')}>
              {MODES.map((m) => (
                <button
                  key={m}
                  type="button"
                  className={`button ${mode === m ? 'button--primary' : ''}`}
                  aria-pressed={mode === m}
                  onClick={() => {
                    setDrawn(null);
                    setMode(mode === m ? null : m);
                  }}
                >
                  {t(`geofences.kind.${m}`)}
                </button>
              ))}
            </div>
          )}
          <GeofenceMap
            baseMap={baseMap}
            geofences={items}
            mode={mode}
            label={t('geofences.map')}
            onDrawn={setDrawn}
          />
        </Card>
        <div className="geofences-page__side">
          {canEdit && (
            <Card title={t('geofences.new')}>
              {!drawn && <p className="geofences-page__hint">{t('geofences.drawHint')}</p>}
              <TextField
                label={t('geofences.name')}
                value={name}
                maxLength={120}
                onChange={(e) => setName(e.target.value)}
              />
              {drawn?.geometry.type === 'LineString' && (
                <TextField
                  label={t('geofences.width')}
                  type="number"
                  min={1}
                  value={width}
                  onChange={(e) => setWidth(e.target.value)}
                />
              )}
              {drawn?.radiusM != null && <p>{t('geofences.radius', { metres: drawn.radiusM })}</p>}
              <TextField
                label={t('geofences.speedLimit')}
                type="number"
                min={1}
                value={speed}
                onChange={(e) => setSpeed(e.target.value)}
              />
              <TextField
                label={t('geofences.dwell')}
                type="number"
                min={1}
                value={dwell}
                onChange={(e) => setDwell(e.target.value)}
              />
              {error && <Alert tone="error">{error}</Alert>}
              <button
                type="button"
                className="button button--primary"
                disabled={!drawn || name.trim() === ''}
                onClick={save}
              >
                {t('geofences.save')}
              </button>
            </Card>
          )}
          <Card
            title={t('geofences.list')}
            actions={
              <>
                <button type="button" className="button" onClick={() => void exportGeofences('geojson')}>
                  GeoJSON
                </button>
                <button type="button" className="button" onClick={() => void exportGeofences('kml')}>
                  KML
                </button>
              </>
            }
          >
            <SelectField
              label={t('geofences.group')}
              value={groupId}
              options={groupOptions}
              onChange={(e) => setGroupId(e.target.value)}
            />
            {canEdit && (
              <label className="geofences-page__import">
                {t('geofences.import')}
                <input
                  type="file"
                  accept=".geojson,.json,.kml,application/geo+json,application/vnd.google-earth.kml+xml"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void importFile(file);
                    e.target.value = '';
                  }}
                />
              </label>
            )}
            {list.data && items.length === 0 && (
              <p className="geofences-page__hint">{t('geofences.empty')}</p>
            )}
            <ul className="geofences-page__list" aria-label={t('geofences.list')}>
              {items.map((g) => (
                <li key={g.id}>
                  <span className="geofences-page__name">{g.name}</span>
                  <span className="geofences-page__meta">
                    {t(`geofences.kind.${g.kind}`)}
                    {g.groupName ? ` · ${g.groupName}` : ''}
                    {g.speedLimitKmh ? ` · ${g.speedLimitKmh} km/h` : ''}
                  </span>
                  {canEdit && (
                    <button
                      type="button"
                      className="button button--small"
                      onClick={async () => {
                        try {
                          await deleteGeofence(g.id);
                          refresh();
                        } catch (e) {
                          setError(errorMessage(e));
                        }
                      }}
                    >
                      {t('geofences.delete')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            {list.data && (
              <Pagination
                page={page}
                pageSize={pageSize}
                total={list.data.total}
                onPageChange={setPage}
                onPageSizeChange={(size) => {
                  setPageSize(size);
                  setPage(1);
                }}
              />
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
