import type { Metadata } from 'next';
import { HousekeepingPage } from '@/housekeeping/HousekeepingPage';

export const metadata: Metadata = { title: 'Housekeeping' };

export default function Page() {
  return <HousekeepingPage />;
}
