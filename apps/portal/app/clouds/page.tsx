import type { Metadata } from 'next';
import { CloudsPage } from '@/clouds/CloudsPage';

export const metadata: Metadata = { title: 'Jenkins clouds' };

export default function Page() {
  return <CloudsPage />;
}
