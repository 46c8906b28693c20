'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { Alert, Card, PageHeader, Pagination, SelectField, TextField, useToast } from '@/components';
import { useAuth } from '@/lib/auth';
import { useErrorMessage } from '@/lib/errors';
import { useLoad } from '@/lib/hooks/useLoad';
import { useT } from '@/lib/i18n';
import type { BaseMap } from '../map/base-map';
import { AllowedHoursEditor, type AllowedWindow, hoursValid } from '../rules/AllowedHoursEditor';
import type { DrawMode, EditedShape, Shape } from './GeofenceMap';
import {
  createGeofence,
  createGroup,
  deleteGeofence,
  exportGeofences,
  type Geofence,
  type GeofenceDraft,
  importGeofences,
  listGeofences,
  listGroups,
  updateGeofence,
} from './geofences.api';
import { counterClockwise } from './shapes';
import { windGeoJson, windKml } from './winding';
import '../rules/rules.css';
import './geofences.css';

const GeofenceMap = dynamic(() => import('./GeofenceMap').then((m) => m.GeofenceMap), { ssr: false });
const MODES: DrawMode[] = ['circle', 'polygon', 'corridor'];
const num = (text: string) => (text.trim() === '' ? null : Number(text));
const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

/** What the form holds besides the shape. */
interface Fields {
  name: string;
  groupId: string;
  width: string;
  speed: string;
  /** Minutes. */
  dwell: string;
  /** [] = any time. */
  hours: AllowedWindow[];
}
const BLANK: Fields = { name: '', groupId: '', width: '50', speed: '', dwell: '', hours: [] };

const fieldsOf = (g: Geofence): Fields => ({
  name: g.name,
  groupId: g.groupId ?? '',
  width: text(g.widthM ?? 50),
  speed: text(g.speedLimitKmh),
  dwell: g.dwellMaxSeconds === null ? '' : text(Math.round((g.dwellMaxSeconds / 60) * 100) / 100),
  hours: g.allowedHours ?? [],
});

/**
 * Geofences: the map with the drawing tools, the form of a new one or of the one being edited (its
 * shape, name, group, speed limit, longest stay and allowed hours), the list, import and export.
 */
export function GeofencesPage({ baseMap }: { baseMap: BaseMap }) {
  const t = useT();
  const notify = useToast();
  const errorMessage = useErrorMessage();
  const { user } = useAuth();
  const canEdit = user?.role === 'admin' || user?.role === 'manager';
  const [version, setVersion] = useState(0);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [filterGroup, setFilterGroup] = useState('');
  const list = useLoad(`${version}:${page}:${pageSize}:${filterGroup}`, (signal) =>
    listGeofences({ page, pageSize, groupId: filterGroup }, signal),
  );
  const groups = useLoad(String(version), listGroups);
  const [mode, setMode] = useState<DrawMode | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Shape | null>(null);
  const [shape, setShape] = useState<EditedShape | null>(null);
  const [fields, setFields] = useState<Fields>(BLANK);
  const [newGroup, setNewGroup] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => setVersion((v) => v + 1);
  const set = (change: Partial<Fields>) => setFields((f) => ({ ...f, ...change }));
  /** Shows `next` on the map as the shape under edit (a new key puts it there again). */
  const show = (next: Shape, fit?: number[]) => {
    setDraft(next);
    setShape((s) => ({ ...next, key: (s?.key ?? 0) + 1, fit }));
  };

  const reset = () => {
    setEditingId(null);
    setDraft(null);
    setShape(null);
    setMode(null);
    setFields(BLANK);
    setError(null);
  };

  const startEdit = (g: Geofence) => {
    reset();
    setEditingId(g.id);
    setFields(fieldsOf(g));
    show({ geometry: g.geometry as GeofenceDraft['geometry'], radiusM: g.radiusM }, g.bbox);
  };

  const onDrawn = (drawn: Shape, drawnNow: boolean) => {
    if (!drawnNow) {
      setDraft(drawn);
      return;
    }
    // A finished drawing stays on the map, selected, to be adjusted before it is saved.
    setMode(null);
    show(drawn);
  };

  const save = async () => {
    if (!draft) return;
    setError(null);
    const body: GeofenceDraft = {
      name: fields.name.trim(),
      groupId: fields.groupId || null,
      geometry: counterClockwise(draft.geometry),
      radiusM: draft.geometry.type === 'Point' ? (draft.radiusM ?? null) : null,
      widthM: draft.geometry.type === 'LineString' ? num(fields.width) : null,
      speedLimitKmh: num(fields.speed),
      dwellMaxSeconds: fields.dwell.trim() === '' ? null : Math.round(Number(fields.dwell) * 60),
      allowedHours: fields.hours.length === 0 ? null : fields.hours,
    };
    try {
      if (editingId) await updateGeofence(editingId, body);
      else await createGeofence(body);
      notify(t('geofences.saved'));
      reset();
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const addGroup = async () => {
    setError(null);
    try {
      const made = await createGroup(newGroup.trim());
      set({ groupId: made.id });
      setNewGroup('');
      notify(t('geofences.groupCreated'));
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const importFile = async (file: File) => {
    setError(null);
    try {
      const content = await file.text();
      const kml = /\.kml$/i.test(file.name) || content.trimStart().startsWith('<');
      // Files have no one winding (KML none at all): rings turned here, the user told which.
      const { data, turned } = kml ? windKml(content) : windGeoJson(JSON.parse(content));
      const result = await importGeofences(kml ? 'kml' : 'geojson', data, filterGroup || null);
      notify(t('geofences.imported', { count: result.created }));
      if (turned.length > 0)
        notify(t('geofences.turned', { count: turned.length, names: turned.join(', ') }));
      refresh();
    } catch (e) {
      setError(e instanceof SyntaxError ? t('geofences.badFile') : errorMessage(e));
    }
  };

  const items = list.data?.items ?? [];
  const groupList = groups.data ?? [];
  const filterOptions = [
    { value: '', label: t('geofences.allGroups') },
    ...groupList.map((g) => ({ value: g.id, label: `${g.name} (${g.geofences})` })),
  ];
  const formGroups = [
    { value: '', label: t('geofences.noGroup') },
    ...groupList.map((g) => ({ value: g.id, label: g.name })),
  ];
  const kind = draft?.geometry.type;
  const numberField = (name: 'width' | 'speed' | 'dwell', label: string, max?: number) => (
    <TextField
      label={label}
      type="number"
      min={1}
      max={max}
      value={fields[name]}
      onChange={(e) => set({ [name]: e.target.value })}
    />
  );
  const ready = draft !== null && fields.name.trim() !== '' && hoursValid(fields.hours);
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
                    setDraft(null);
                    setShape(null);
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
            shape={shape}
            hiddenId={editingId}
            label={t('geofences.map')}
            onDrawn={onDrawn}
          />
        </Card>
        <div className="geofences-page__side">
          {canEdit && (
            <Card title={editingId ? t('geofences.editTitle') : t('geofences.new')}>
              <form
                className="geofences-page__form"
                aria-label={editingId ? t('geofences.editTitle') : t('geofences.new')}
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <p className="geofences-page__hint">
                  {draft ? t('geofences.editHint') : t('geofences.drawHint')}
                </p>
                <TextField
                  label={t('geofences.name')}
                  value={fields.name}
                  maxLength={120}
                  onChange={(e) => set({ name: e.target.value })}
                />
                <SelectField
                  label={t('geofences.group')}
                  value={fields.groupId}
                  options={formGroups}
                  onChange={(e) => set({ groupId: e.target.value })}
                />
                <div className="geofences-page__new-group">
                  <TextField
                    label={t('geofences.newGroup')}
                    value={newGroup}
                    maxLength={120}
                    onChange={(e) => setNewGroup(e.target.value)}
                  />
                  <button
                    type="button"
                    className="button"
                    disabled={newGroup.trim() === ''}
                    onClick={() => void addGroup()}
                  >
                    {t('geofences.createGroup')}
                  </button>
                </div>
                {kind === 'Point' && (
                  <TextField
                    label={t('geofences.radiusField')}
                    type="number"
                    min={1}
                    max={100000}
                    value={text(draft?.radiusM)}
                    onChange={(e) => {
                      const radiusM = Number(e.target.value);
                      if (draft && radiusM > 0) show({ ...draft, radiusM });
                    }}
                  />
                )}
                {kind === 'LineString' && numberField('width', t('geofences.width'), 5000)}
                {numberField('speed', t('geofences.speedLimit'), 300)}
                {numberField('dwell', t('geofences.dwell'))}
                <AllowedHoursEditor
                  value={fields.hours}
                  onChange={(hours) => set({ hours: hours ?? [] })}
                  canInherit={false}
                  disabled={false}
                  note={t('geofences.hoursNote')}
                />
                {error && <Alert tone="error">{error}</Alert>}
                <div className="geofences-page__actions">
                  <button type="submit" className="button button--primary" disabled={!ready}>
                    {t('geofences.save')}
                  </button>
                  {(draft || editingId) && (
                    <button type="button" className="button" onClick={reset}>
                      {t('geofences.cancel')}
                    </button>
                  )}
                </div>
              </form>
            </Card>
          )}
          <Card
            title={t('geofences.list')}
            actions={
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => void exportGeofences('geojson', filterGroup)}
                >
                  GeoJSON
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => void exportGeofences('kml', filterGroup)}
                >
                  KML
                </button>
              </>
            }
          >
            <SelectField
              label={t('geofences.filterGroup')}
              value={filterGroup}
              options={filterOptions}
              onChange={(e) => {
                setFilterGroup(e.target.value);
                setPage(1);
              }}
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
            {!canEdit && error && <Alert tone="error">{error}</Alert>}
            {list.data && items.length === 0 && (
              <p className="geofences-page__hint">{t('geofences.empty')}</p>
            )}
            <ul className="geofences-page__list" aria-label={t('geofences.list')}>
              {items.map((g) => (
                <li key={g.id} aria-current={g.id === editingId ? 'true' : undefined}>
                  <span className="geofences-page__name">{g.name}</span>
                  <span className="geofences-page__meta">
                    {t(`geofences.kind.${g.kind}`)}
                    {g.groupName ? ` · ${g.groupName}` : ''}
                    {g.speedLimitKmh ? ` · ${g.speedLimitKmh} km/h` : ''}
                  </span>
                  {canEdit && (
                    <span className="geofences-page__row-actions">
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`${t('geofences.edit')} ${g.name}`}
                        onClick={() => startEdit(g)}
                      >
                        {t('geofences.edit')}
                      </button>
                      <button
                        type="button"
                        className="button button--small"
                        aria-label={`${t('geofences.delete')} ${g.name}`}
                        onClick={async () => {
                          try {
                            await deleteGeofence(g.id);
                            if (g.id === editingId) reset();
                            refresh();
                          } catch (e) {
                            setError(errorMessage(e));
                          }
                        }}
                      >
                        {t('geofences.delete')}
                      </button>
                    </span>
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
