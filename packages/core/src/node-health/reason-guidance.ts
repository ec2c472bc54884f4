import type { HealthReasonCode } from './reason-codes.ts';

/** What a reason means for the node, and the first thing to do about it. */
export interface ReasonGuidance {
  meaning: string;
  nextStep: string;
}

/**
 * The default words for each reason; a team's own runbook (`health.runbooks.<reason>`) goes
 * further. The actions named are the node page's own where it has them.
 */
export const REASON_GUIDANCE: Record<HealthReasonCode, ReasonGuidance> = {
  'asg-unhealthy': {
    meaning: 'Auto Scaling has marked the instance Unhealthy and will terminate and replace it.',
    nextStep: 'Nothing to do unless replacements keep failing: then read the group’s activities for the cause.',
  },
  'asg-not-in-service': {
    meaning: 'The instance is launching, leaving, on standby or waiting in a lifecycle hook, so its group does not count it.',
    nextStep: 'Wait for the transition; if it stays for long, check the group’s activities and lifecycle hooks.',
  },
  'ec2-not-running': {
    meaning: 'EC2 says the instance is stopped, stopping or terminated: it can run no builds.',
    nextStep: 'If it should be serving, terminate it in its group with a replacement.',
  },
  'ec2-system-impaired': {
    meaning: 'AWS’s hardware, power or network under the instance failed its check; AWS may fix it, a stop and start moves it to healthy hardware.',
    nextStep: 'Take its agent offline so no build lands on it, then terminate it with a replacement.',
  },
  'ec2-instance-impaired': {
    meaning: 'The instance’s own OS or network configuration does not answer EC2’s reachability check (kernel panic, full memory, a broken network setup).',
    nextStep: 'Take its agent offline, then mark it unhealthy so its group replaces it; keep the console output if you want the cause.',
  },
  'ec2-status-unknown': {
    meaning: 'EC2 has not enough data to judge the instance’s status checks yet.',
    nextStep: 'Wait a few minutes; if it stays, look at the instance in the EC2 console.',
  },
  'ec2-scheduled-event': {
    meaning: 'AWS will reboot, stop or retire the instance at the event’s time.',
    nextStep: 'Before the event, take its agent offline and terminate it with a replacement, so no build is cut off.',
  },
  'agent-offline': {
    meaning: 'The Jenkins agent lost its connection to the controller: builds cannot run on it though the instance may be fine.',
    nextStep: 'Read the offline cause on the Jenkins node page; if the instance is fine, relaunch the agent, else replace the instance.',
  },
  'agent-temporarily-offline': {
    meaning: 'A person took the agent offline in Jenkins, with the reason shown: it runs no new builds.',
    nextStep: 'When the work in the reason is done, bring the agent back online.',
  },
  'agent-missing': {
    meaning: 'The instance runs but Jenkins has no agent for it, so its capacity is paid for and unused.',
    nextStep: 'Check the EC2 Fleet cloud on /clouds; if the instance is an orphan, terminate it in its group.',
  },
  'exporter-down': {
    meaning: 'Prometheus cannot scrape the node’s node-exporter, so disk, load and memory are unknown.',
    nextStep: 'Check that node_exporter runs on the node (systemctl status node_exporter) and that port 9100 is open to Prometheus.',
  },
  'disk-full': {
    meaning: 'A filesystem is past the unhealthy threshold: builds fail writing workspaces, caches or images.',
    nextStep: 'Take the agent offline, run housekeeping on this node to clean up, then bring the agent back; replace the node if it does not free space.',
  },
  'disk-filling': {
    meaning: 'At its recent rate a filesystem will be full soon.',
    nextStep: 'Run housekeeping on this node before it fills; if it keeps filling, find what writes (a runaway build, logs).',
  },
  'inodes-full': {
    meaning: 'A filesystem has nearly no inodes left: creating files fails though bytes are free.',
    nextStep: 'Take the agent offline and run housekeeping to remove small files (old workspaces, caches); replace the node if that fails.',
  },
  'inodes-filling': {
    meaning: 'At its recent rate a filesystem will run out of inodes soon.',
    nextStep: 'Run housekeeping on this node before it runs out.',
  },
  'load-high': {
    meaning: 'The load per CPU core is high: builds on the node run slowly or time out.',
    nextStep: 'See which builds run on it in Jenkins; take the agent offline if something runs away.',
  },
  'memory-low': {
    meaning: 'Little memory is available: the kernel may kill builds or the agent.',
    nextStep: 'See which builds run on it; if memory does not come back after they end, take the agent offline and replace the node.',
  },
  'node-booting': {
    meaning: 'The instance launched recently and its agent or exporter has not come up yet.',
    nextStep: 'Wait: the portal judges it once the boot time is over.',
  },
  'signal-stale': {
    meaning: 'A source’s reading of this node is old, so the portal cannot vouch for it.',
    nextStep: 'See the sources bar for the failing sync and fix that source.',
  },
  'signal-missing': {
    meaning: 'A configured source has no reading of this node at all.',
    nextStep: 'Check that the source lists the node (the agent in Jenkins, the target in Prometheus).',
  },
  'source-missing': {
    meaning: 'A source is not configured, so the portal cannot judge that part of the node.',
    nextStep: 'Configure the source (docs/configuration.md) if the team relies on it.',
  },
  'housekeeping-failing': {
    meaning: 'The housekeeping job kept failing on this node.',
    nextStep: 'Open the failed run for the task and its message, fix the node (often a full disk), then run housekeeping on it again.',
  },
};
