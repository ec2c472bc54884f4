/** A commit sha as tags carry it: 7 to 40 lower-case hex digits. */
const SHA = /^[0-9a-f]{7,40}$/;

export function isCommitSha(value: string): boolean {
  return SHA.test(value);
}

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** Whether two shas name the same commit, allowing one to be an abbreviation of the other. */
export function sameCommit(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}
