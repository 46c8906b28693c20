import { VehiclesPage } from '@/features/vehicles/VehiclesPage';
import '@/styles/fleet-admin.css';

export default function Page() {
  return <VehiclesPage />;
}
