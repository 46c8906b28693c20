import { Suspense } from 'react';
import { RankingPage } from '@/features/ranking/RankingPage';

export default function Page() {
  // The period lives in the query string (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <RankingPage />
    </Suspense>
  );
}
