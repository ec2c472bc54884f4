import { createHash } from 'node:crypto';
import { type AgentView } from '../nodes/nodes.ts';
import { type ExecutorRef, type JenkinsBuild } from './build.ts';
import { type Workload } from './workload.ts';

export interface ExecutorsOptions {
  agents(): AgentView[];
  /** The controller's running builds that hold an executor. */
  running(): JenkinsBuild[];
  workload: Workload;
}

/**
 * The fleet's agents as the controller's executors: where a queued build may start, and what each
 * executor of an agent runs now.
 */
export class Executors {
  constructor(private readonly options: ExecutorsOptions) {}

  claimsOn(agentName: string): number {
    return this.options.running().filter((build) => build.executor?.agent === agentName).length;
  }

  /**
   * An executor for a job's build: an online agent, not taken offline, with one free, tried in an
   * order hashed from the job's name as Jenkins's consistent-hash load balancer does.
   */
  pick(jobName: string): ExecutorRef | undefined {
    const candidates = this.options
      .agents()
      .filter((agent) => agent.state.connection === 'online' && !agent.state.temporarilyOffline && agent.state.busyExecutors < agent.state.numExecutors)
      .sort((a, b) => rank(jobName, a.name).localeCompare(rank(jobName, b.name)));
    const agent = candidates[0];
    if (!agent) return undefined;
    const taken = new Set(this.options.running().filter((build) => build.executor?.agent === agent.name).map((build) => build.executor?.slot));
    let slot = 0;
    while (taken.has(slot)) slot += 1;
    return { agent: agent.name, slot, labels: agent.labels };
  }

  /** What each executor of the agent runs: the controller's builds on their slots, the teams' builds on the next free ones. */
  slots(agent: AgentView, now: Date): (JenkinsBuild | undefined)[] {
    const slots: (JenkinsBuild | undefined)[] = Array.from({ length: agent.state.numExecutors }, () => undefined);
    const own = this.options.running().filter((build) => build.executor?.agent === agent.name);
    for (const build of own) {
      const slot = build.executor?.slot ?? 0;
      if (slot < slots.length) slots[slot] = build;
    }
    let workload = Math.max(0, agent.state.busyExecutors - own.length);
    for (let slot = 0, ordinal = 0; slot < slots.length && workload > 0; slot += 1) {
      if (slots[slot]) continue;
      slots[slot] = this.options.workload.buildFor(agent, ordinal, slot, now);
      ordinal += 1;
      workload -= 1;
    }
    return slots;
  }
}

function rank(jobName: string, agentName: string): string {
  return createHash('sha1').update(`${jobName}/${agentName}`).digest('hex');
}
