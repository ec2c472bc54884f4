import '@patternfly/patternfly/patternfly.css';
import '@patternfly/patternfly/patternfly-addons.css';
import './portal.css';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/AppShell';
import { PortalProviders } from '@/trpc/client';

export const metadata: Metadata = {
  title: { default: 'Fleet Portal', template: '%s · Fleet Portal' },
  description: 'The Jenkins worker fleet on AWS: AMIs, lineage and freshness',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <PortalProviders>
          <AppShell>{children}</AppShell>
        </PortalProviders>
      </body>
    </html>
  );
}
