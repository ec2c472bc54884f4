import type { Metadata } from 'next';
import { ApprovalsPage } from '@/approvals/ApprovalsPage';

export const metadata: Metadata = { title: 'Pending approvals' };

export default function Page() {
  return <ApprovalsPage />;
}
