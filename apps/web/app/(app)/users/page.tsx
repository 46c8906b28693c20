import { Suspense } from 'react';
import { UsersPage } from '@/features/users/UsersPage';

export default function Page() {
  // The list reads its filters from the query string (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <UsersPage />
    </Suspense>
  );
}
