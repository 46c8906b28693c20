import { IntegrationsPage } from '@/features/integrations/IntegrationsPage';

export default function Page() {
  return <IntegrationsPage />;
}
