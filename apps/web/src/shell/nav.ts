import type { Role } from '@/lib/auth';
import type { MessageKey } from '@/lib/i18n';
import type { IconName } from './icons';

export interface NavItem {
  href: string;
  label: MessageKey;
  icon: IconName;
  /** Roles that see the item; every role when absent. */
  roles?: readonly Role[];
}

/** Who reads and edits alert rules, webhook endpoints and the delivery log (the API refuses the rest). */
export const ALERT_EDITORS: readonly Role[] = ['admin', 'manager'];

/** The product's areas, in the order the side navigation shows them. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/drivers', label: 'nav.drivers', icon: 'drivers' },
  { href: '/infractions', label: 'nav.infractions', icon: 'infractions' },
  { href: '/ranking', label: 'nav.ranking', icon: 'ranking' },
  { href: '/map', label: 'nav.map', icon: 'map' },
  { href: '/vehicles', label: 'nav.vehicles', icon: 'vehicles' },
  { href: '/devices', label: 'nav.devices', icon: 'devices' },
  { href: '/reports', label: 'nav.reports', icon: 'reports' },
  { href: '/geofences', label: 'nav.geofences', icon: 'geofences' },
  { href: '/parcels', label: 'nav.parcels', icon: 'parcels' },
  { href: '/rules', label: 'nav.rules', icon: 'rules' },
  { href: '/alerts', label: 'nav.alerts', icon: 'alerts', roles: ALERT_EDITORS },
  { href: '/integrations', label: 'nav.integrations', icon: 'integrations' },
  { href: '/users', label: 'nav.users', icon: 'users', roles: ['admin'] },
];

export const HOME_PATH = '/drivers';

export const canSee = (item: NavItem, role: Role) => !item.roles || item.roles.includes(role);
