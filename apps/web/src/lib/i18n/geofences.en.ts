import type { geofencesPtBR } from './geofences.pt-BR';

/** Geofences page (English). */
export const geofencesEn: Record<keyof typeof geofencesPtBR, string> = {
  'nav.geofences': 'Geofences',
  'geofences.title': 'Geofences',
  'geofences.subtitle':
    'Circles, polygons and corridors: entries, exits and long stays become events; speed limits apply inside.',
  'geofences.map': 'Geofences map',
  'geofences.draw': 'Draw',
  'geofences.kind.circle': 'Circle',
  'geofences.kind.polygon': 'Polygon',
  'geofences.kind.corridor': 'Corridor',
  'geofences.new': 'New geofence',
  'geofences.drawHint': 'Choose Circle, Polygon or Corridor and draw on the map.',
  'geofences.name': 'Name',
  'geofences.width': 'Corridor width (m)',
  'geofences.radius': 'Radius: {metres} m',
  'geofences.speedLimit': 'Speed limit (km/h, optional)',
  'geofences.dwell': 'Longest stay (min, optional)',
  'geofences.save': 'Save geofence',
  'geofences.saved': 'Geofence saved.',
  'geofences.list': 'Geofences',
  'geofences.group': 'Group',
  'geofences.allGroups': 'All groups',
  'geofences.import': 'Import GeoJSON or KML',
  'geofences.imported': '{count} geofences imported.',
  'geofences.badFile': 'The file is neither valid GeoJSON nor KML.',
  'geofences.empty': 'No geofences yet. Draw one on the map or import a file.',
  'geofences.delete': 'Delete',
};
