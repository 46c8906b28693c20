import { DevicesPage } from '@/features/devices/DevicesPage';
import '@/styles/fleet-admin.css';

export default function Page() {
  return <DevicesPage />;
}
