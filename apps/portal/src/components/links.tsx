import { commitUrlFrom } from '@fleet/core';
import { ExternalLinkAltIcon, HistoryIcon } from '@patternfly/react-icons';
import Link from 'next/link';

/** A group's page. */
export function asgHref(name: string): string {
  return `/asgs/${encodeURIComponent(name)}`;
}

/** A node's page. */
export function nodeHref(instanceId: string): string {
  return `/nodes/${encodeURIComponent(instanceId)}`;
}

/** A commit in the forge, from the config's `infraRepo.commitUrlTemplate` as `fleet.settings` gives it. */
export function commitHref(template: string | null | undefined, sha: string): string | null {
  return template ? commitUrlFrom(template, sha) : null;
}

/** A commit of the infra repo, opened in the forge in a new tab. */
export function CommitLink({ sha, url }: { sha: string; url: string | null }) {
  const short = sha.slice(0, 7);
  if (!url) return <code title={sha}>{short}</code>;
  return (
    <a href={url} target="_blank" rel="noreferrer" title={`${sha} (opens in a new tab)`} className="fp-commit">
      <code>{short}</code> <ExternalLinkAltIcon className="fp-commit__icon" aria-hidden />
    </a>
  );
}

/** An AMI's page; `short` keeps dense grids readable and leaves the full id to hover and screen readers. */
export function AmiLink({ imageId, short = false }: { imageId: string; short?: boolean }) {
  const shown = short && imageId.length > 12 ? `${imageId.slice(0, 12)}…` : imageId;
  return (
    <Link href={`/amis/${imageId}`} className="fp-ami" title={imageId} aria-label={shown === imageId ? undefined : imageId}>
      {shown}
    </Link>
  );
}

/** Everything recorded about one object (a group, an AMI, a node, a job): the audit trail filtered to it. */
export function historyHref(target: string): string {
  return `/audit?target=${encodeURIComponent(target)}`;
}

/** The object's own history, one click away: attempts on it in the portal and changes made outside it. */
export function HistoryLink({ target }: { target: string }) {
  return (
    <Link href={historyHref(target)} className="pf-v6-c-button pf-m-link pf-m-inline" data-testid="history-link" title={`Everything done to ${target}, in the portal and outside it`}>
      <HistoryIcon /> History
    </Link>
  );
}
