import { type WorkerTypeConfig } from '@fleet/core';
import { type Random } from '../random.ts';
import { banner, emptyStats, recapLines, resultLines, tally, type HostResult } from './ansible-output.ts';

/** A task of packer/ansible/jenkins-worker.yaml and how long it takes on a fresh instance (simulated seconds). */
interface WorkerTask {
  name: string;
  seconds: [number, number];
  handler?: boolean;
}

/** A task that fails on purpose, with the module's message. */
export interface TaskFailure {
  task: string;
  message: string;
}

export const DEFAULT_FAILING_TASK = 'Install what every worker needs';
export const DEFAULT_FAILURE_MESSAGE = 'Failed to install some of the specified packages';

const ROLE_TASKS: Record<string, WorkerTask> = {
  builder: { name: 'Install podman, buildah and skopeo for image builds', seconds: [40, 110] },
  tester: { name: 'Install the browsers for UI tests', seconds: [70, 160] },
  gpu: { name: 'Install the NVIDIA driver and the CUDA toolkit', seconds: [260, 420] },
  'app-interface': { name: 'Install the qontract-reconcile tooling', seconds: [40, 100] },
};

/** The play the image's Ansible provisioner runs: the roles common, jenkins_agent, node_exporter, then the worker's own tasks. */
function workerTasks(type: WorkerTypeConfig): WorkerTask[] {
  const repos = type.baseOs.startsWith('centos') ? 'common : Enable the EPEL repository' : `common : Enable the rhel-${type.baseOs.slice(4)}-server-optional repository`;
  return [
    { name: repos, seconds: [6, 18] },
    { name: 'common : Update every package', seconds: [90, 260] },
    { name: 'common : Configure chrony', seconds: [2, 5] },
    { name: 'common : Harden sshd', seconds: [1, 3] },
    { name: 'jenkins_agent : Create the jenkins user', seconds: [1, 3] },
    { name: 'jenkins_agent : Install the JDK', seconds: [45, 130] },
    { name: "jenkins_agent : Authorize the controller's SSH key", seconds: [1, 2] },
    { name: 'node_exporter : Download node_exporter', seconds: [3, 12] },
    { name: 'node_exporter : Install the node_exporter unit', seconds: [1, 3] },
    { name: 'node_exporter : Enable node_exporter', seconds: [1, 4] },
    ROLE_TASKS[type.role] ?? { name: `Install the ${type.role} tooling`, seconds: [40, 100] },
    { name: DEFAULT_FAILING_TASK, seconds: [40, 140] },
    { name: 'node_exporter : restart node_exporter', seconds: [1, 3], handler: true },
  ];
}

export interface TimedText {
  after: number;
  text: string;
}

/**
 * ansible-playbook's output for the one host packer's proxy gives it (`default`), as lines at
 * seconds from its start; with a failure, the play stops at that task.
 */
export function workerPlaybookOutput(type: WorkerTypeConfig, random: Random, failure: TaskFailure | undefined): { lines: TimedText[]; seconds: number; failed: boolean } {
  const lines: TimedText[] = [];
  let now = 0;
  const say = (...texts: string[]) => texts.forEach((text) => lines.push({ after: now, text }));
  const stats = emptyStats();
  const tasks = workerTasks(type);
  if (failure && !tasks.some((task) => task.name === failure.task)) tasks.splice(tasks.length - 1, 0, { name: failure.task, seconds: [5, 40] });
  say(...banner('PLAY [all]'));
  const run = (title: string, seconds: number, result: HostResult) => {
    say(...banner(title));
    now += seconds;
    say(...resultLines('default', result));
    tally(stats, result);
  };
  run('TASK [Gathering Facts]', random.int(3, 7), { kind: 'ok' });
  let failed = false;
  for (const task of tasks) {
    const seconds = random.int(task.seconds[0], task.seconds[1]) + random.next();
    if (failure?.task === task.name) {
      run(`TASK [${task.name}]`, seconds, { kind: 'failed', result: { changed: false, msg: failure.message } });
      failed = true;
      break;
    }
    run(task.handler ? `RUNNING HANDLER [${task.name}]` : `TASK [${task.name}]`, seconds, { kind: 'changed' });
  }
  now += 0.4;
  say(...recapLines(new Map([['default', stats]])));
  return { lines, seconds: now, failed };
}
