import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditPage } from '@/audit/AuditPage';
import { LoadingState } from '@/components/states';

export const metadata: Metadata = { title: 'Audit trail' };

export default function Page() {
  // The filter is read from the URL on the client; the page shell is the same for every filter.
  return (
    <Suspense fallback={<LoadingState what="the audit trail" />}>
      <AuditPage />
    </Suspense>
  );
}
