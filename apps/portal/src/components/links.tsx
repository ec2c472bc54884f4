import { ExternalLinkAltIcon } from '@patternfly/react-icons';
import Link from 'next/link';

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

export function AmiLink({ imageId }: { imageId: string }) {
  return (
    <Link href={`/amis/${imageId}`} className="fp-ami">
      {imageId}
    </Link>
  );
}
