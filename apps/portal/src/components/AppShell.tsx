'use client';

import {
  Badge,
  Masthead,
  MastheadBrand,
  MastheadContent,
  MastheadLogo,
  MastheadMain,
  MastheadToggle,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSection,
  PageSidebar,
  PageSidebarBody,
  PageToggleButton,
  SkipToContent,
} from '@patternfly/react-core';
import { BarsIcon } from '@patternfly/react-icons';
import Image from 'next/image';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { usePendingCount } from '@/approvals/usePendingCount';
import { MastheadUser } from '@/auth/MastheadUser';
import { FreshnessBar } from './FreshnessBar';

interface Section {
  href: string;
  title: string;
  /** Whether a path belongs to this section (the AMI pages belong to the lineage). */
  owns: (path: string) => boolean;
}

const SECTIONS: Section[] = [
  { href: '/', title: 'Overview', owns: (p) => p === '/' },
  { href: '/lineage', title: 'AMI lineage', owns: (p) => p.startsWith('/lineage') || p.startsWith('/amis') },
  { href: '/bakes', title: 'AMI bakes', owns: (p) => p.startsWith('/bakes') },
  { href: '/asgs', title: 'Auto Scaling groups', owns: (p) => p.startsWith('/asgs') },
  { href: '/nodes', title: 'Nodes', owns: (p) => p.startsWith('/nodes') },
  { href: '/housekeeping', title: 'Housekeeping', owns: (p) => p.startsWith('/housekeeping') },
  { href: '/clouds', title: 'Jenkins clouds', owns: (p) => p.startsWith('/clouds') },
  { href: '/approvals', title: 'Approvals', owns: (p) => p.startsWith('/approvals') },
  { href: '/audit', title: 'Audit', owns: (p) => p.startsWith('/audit') },
];

const MAIN_ID = 'fp-main';

function HomeLink(props: { className?: string; children?: ReactNode }) {
  return <Link href="/" {...props} />;
}

function PortalMasthead() {
  return (
    <Masthead>
      <MastheadMain>
        <MastheadToggle>
          <PageToggleButton isHamburgerButton aria-label="Show or hide the navigation">
            <BarsIcon />
          </PageToggleButton>
        </MastheadToggle>
        <MastheadBrand>
          <MastheadLogo component={HomeLink}>
            <span className="fp-brand">
              <Image src="/icon.svg" alt="" width={28} height={28} priority />
              Fleet Portal
            </span>
          </MastheadLogo>
        </MastheadBrand>
      </MastheadMain>
      <MastheadContent>
        <span className="fp-masthead__tagline">Jenkins worker fleet on AWS</span>
        <MastheadUser />
      </MastheadContent>
    </Masthead>
  );
}

/** The count of requests waiting for this person's approval, shown only to those who may approve. */
function PendingBadge() {
  const count = usePendingCount();
  if (count === null || count === 0) return null;
  const words = `${count} request${count === 1 ? ' waits' : 's wait'} for your approval`;
  return (
    <Badge isRead={false} className="pf-v6-u-ml-sm" data-testid="pending-approvals-badge" aria-label={words} title={words}>
      {count}
    </Badge>
  );
}

function PortalNav() {
  const path = usePathname() ?? '/';
  return (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Fleet Portal">
          <NavList>
            {SECTIONS.map((section) => (
              <NavItem key={section.href} isActive={section.owns(path)}>
                <Link href={section.href}>
                  {section.title}
                  {section.href === '/approvals' && <PendingBadge />}
                </Link>
              </NavItem>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  return (
    <Page
      masthead={<PortalMasthead />}
      sidebar={<PortalNav />}
      isManagedSidebar
      mainContainerId={MAIN_ID}
      skipToContent={<SkipToContent href={`#${MAIN_ID}`}>Skip to content</SkipToContent>}
    >
      <PageSection className="fp-freshness-section" aria-label="Data freshness">
        <FreshnessBar />
      </PageSection>
      {children}
    </Page>
  );
}
