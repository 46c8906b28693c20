import { AlertsPage } from '@/features/alerts/AlertsPage';

export default function Page() {
  return <AlertsPage />;
}
