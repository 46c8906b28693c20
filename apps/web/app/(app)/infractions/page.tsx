import { InfractionsHome } from '@/features/infractions/InfractionsHome';

export default function Page() {
  return <InfractionsHome />;
}
