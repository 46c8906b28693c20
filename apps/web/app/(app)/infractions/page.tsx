import { ComingSoon } from '@/components';

// Placeholder until this feature lands; replace this folder's page with the real one.
export default function Page() {
  return <ComingSoon titleKey="nav.infractions" />;
}
