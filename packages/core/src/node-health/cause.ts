/**
 * The first line of a Jenkins offline cause: a broken channel's cause carries the whole Java stack
 * trace ("Connection was broken: java.nio.channels.ClosedChannelException\n\tat …"), which is for
 * the node's detail, not for a reason.
 */
export function causeSummary(cause: string): string {
  return cause.trim().split(/\r?\n/, 1)[0]!.trim();
}
