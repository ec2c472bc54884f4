/** Why a build started, as Jenkins records it in the build's CauseAction and prints as its first log line. */
export type Cause =
  /** hudson.model.Cause$UserIdCause: someone pressed Build, or an API client with their credentials. */
  | { kind: 'user'; userId: string }
  /** hudson.triggers.SCMTrigger$SCMTriggerCause: polling found a new commit. */
  | { kind: 'scm' }
  /** hudson.triggers.TimerTrigger$TimerTriggerCause: the job's cron schedule. */
  | { kind: 'timer' }
  /** hudson.model.Cause$RemoteCause: the job's trigger token, from a script. */
  | { kind: 'remote'; addr: string; note: string | undefined };

/** The cause's getShortDescription() (hudson/model/Messages.properties, hudson/triggers/Messages.properties). */
export function causeDescription(cause: Cause): string {
  switch (cause.kind) {
    case 'user':
      return `Started by user ${cause.userId}`;
    case 'scm':
      return 'Started by an SCM change';
    case 'timer':
      return 'Started by timer';
    case 'remote':
      return cause.note ? `Started by remote host ${cause.addr} with note: ${cause.note}` : `Started by remote host ${cause.addr}`;
  }
}

export const CAUSE_CLASSES = {
  user: 'hudson.model.Cause$UserIdCause',
  scm: 'hudson.triggers.SCMTrigger$SCMTriggerCause',
  timer: 'hudson.triggers.TimerTrigger$TimerTriggerCause',
  remote: 'hudson.model.Cause$RemoteCause',
} as const;
