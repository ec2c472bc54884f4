import { isCommitSha } from './commit.ts';
import type { FleetConfig } from './config.ts';

/** An AMI as the build account's DescribeImages shows it, before any interpretation. */
export interface ObservedImage {
  imageId: string;
  name: string;
  description: string | null;
  state: string;
  creationDate: Date;
  tags: Record<string, string>;
}

export type ImageProblemCode =
  | 'missing-worker-type-tag'
  | 'unknown-worker-type'
  | 'missing-commit-tag'
  | 'malformed-commit-tag'
  | 'malformed-built-commit-tag'
  | 'base-os-mismatch'
  | 'role-mismatch';

export interface ImageProblem {
  code: ImageProblemCode;
  message: string;
}

/** What the portal reads out of an image's tags, with what it could not make sense of. */
export interface ImageAttribution {
  workerType: string | null;
  baseOs: string | null;
  role: string | null;
  buildId: string | null;
  commit: string | null;
  builtCommit: string | null;
  problems: ImageProblem[];
}

export function attributeImage(image: Pick<ObservedImage, 'tags'>, config: FleetConfig): ImageAttribution {
  const { tags } = config;
  const problems: ImageProblem[] = [];
  const read = (key: string | undefined) => (key ? image.tags[key]?.trim() || null : null);

  const workerTypeTag = read(tags.workerType);
  const known = config.workerTypes.find((type) => type.key === workerTypeTag);
  if (!workerTypeTag) {
    problems.push({ code: 'missing-worker-type-tag', message: `no "${tags.workerType}" tag: the AMI belongs to no worker type` });
  } else if (!known) {
    problems.push({ code: 'unknown-worker-type', message: `"${tags.workerType}" is "${workerTypeTag}", which is not a configured worker type` });
  }

  const baseOs = read(tags.baseOs) ?? known?.baseOs ?? null;
  if (known && baseOs !== known.baseOs) {
    problems.push({ code: 'base-os-mismatch', message: `"${tags.baseOs}" is "${baseOs}" but worker type ${known.key} is ${known.baseOs}` });
  }
  const role = read(tags.role) ?? known?.role ?? null;
  if (known && role !== known.role) {
    problems.push({ code: 'role-mismatch', message: `"${tags.role}" is "${role}" but worker type ${known.key} has role ${known.role}` });
  }

  const commitTag = read(tags.commit);
  let commit: string | null = null;
  if (!commitTag) {
    problems.push({ code: 'missing-commit-tag', message: `no "${tags.commit}" tag: the AMI cannot be traced to an infra commit` });
  } else if (!isCommitSha(commitTag.toLowerCase())) {
    problems.push({ code: 'malformed-commit-tag', message: `"${tags.commit}" is "${commitTag}", which is not a commit sha` });
  } else {
    commit = commitTag.toLowerCase();
  }

  const builtTag = read(tags.builtCommit);
  let builtCommit: string | null = null;
  if (builtTag && isCommitSha(builtTag.toLowerCase())) {
    builtCommit = builtTag.toLowerCase();
  } else if (builtTag) {
    problems.push({ code: 'malformed-built-commit-tag', message: `"${tags.builtCommit}" is "${builtTag}", which is not a commit sha` });
  }

  return { workerType: known ? known.key : workerTypeTag, baseOs, role, buildId: read(tags.buildId), commit, builtCommit, problems };
}
