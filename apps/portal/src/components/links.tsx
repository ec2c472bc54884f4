import { commitUrlFrom } from '@fleet/core';
import { ExternalLinkAltIcon } from '@patternfly/react-icons';
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
