import { RulesPage } from '@/features/rules/RulesPage';

export default function Page() {
  return <RulesPage />;
}
