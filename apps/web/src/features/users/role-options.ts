import { ROLES } from '@/lib/auth';
import type { Translate } from '@/lib/i18n';

export const roleOptions = (t: Translate) => ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }));
