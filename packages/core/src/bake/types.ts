/**
 * Where one worker type's AMI is in a bake:
 * - `waiting`: nothing of its build yet (Packer runs the builds in parallel, so this is brief
 *   unless builds are limited, or in a re-tag run that has not reached it)
 * - `building`: Packer is working on it: preparing, launching and connecting to the source
 *   instance, provisioning it with Ansible, stopping it
 * - `ami-created`: `Creating AMI … from instance …` or `AMI: ami-…` was printed; Packer waits for
 *   the image, tags it and cleans up
 * - `done`: `Build '…' finished`
 * - `failed`: `Build '…' errored`, or listed among the builds that had errors
 * - `re-tagged`: a re-tag run moved the previous AMI on to the new commit
 */
export type BakeStage = 'waiting' | 'building' | 'ami-created' | 'done' | 'failed' | 're-tagged';

/** The step inside `building` / `ami-created`, from Packer's amazon-ebs step messages. */
export type BakeStep = 'preparing' | 'launching' | 'connecting' | 'provisioning' | 'stopping' | 'creating-ami' | 'tagging' | 'cleaning-up';

/** Whether the job rebuilds every AMI (a commit touched packer/) or re-tags the previous ones. */
export type BakeMode = 'unknown' | 'full-bake' | 're-tag';

export interface BakeFailure {
  /** The line that says what broke: the last Ansible `fatal:` / `failed:` of the build, else Packer's `Build '…' errored …` line. */
  line: string;
  /** Packer's own error text, e.g. "Error executing Ansible: Non-zero exit status: exit status 2". */
  error: string | null;
  /** The Ansible task that failed, when Ansible failed it. */
  task: string | null;
}

export interface WorkerTypeBake {
  workerType: string;
  /** False for a build Packer ran that the fleet config does not list. */
  configured: boolean;
  /** Packer's name for the build, e.g. `amazon-ebs.centos7-builder`; null until it appears. */
  buildName: string | null;
  stage: BakeStage;
  step: BakeStep | null;
  instanceId: string | null;
  amiName: string | null;
  /** The AMI in the build region, from `AMI: ami-…`, the artifact list or the re-tag line. */
  amiId: string | null;
  /** Every region's AMI from `--> <build>: AMIs were created:`. */
  amis: { region: string; amiId: string }[];
  /** The Ansible task the provisioner last started. */
  ansibleTask: string | null;
  failure: BakeFailure | null;
  /** The tag and commit a re-tag run gave the previous AMI. */
  retag: { tag: string; commit: string } | null;
  /** Timestamps as printed (ISO, or a time of day), when the log carries them. */
  startedAt: string | null;
  finishedAt: string | null;
  /** From Packer's `finished after …` / `errored after …`, else from the timestamps. */
  durationSeconds: number | null;
}

export interface BakeProgressSnapshot {
  mode: BakeMode;
  /** The commit the job compared with, from its mode line. */
  sinceCommit: string | null;
  /** The commit it bakes or re-tags with, from its mode line (or its re-tag lines). */
  commit: string | null;
  /** The configured worker types in their order, then any other builds Packer ran. */
  workerTypes: WorkerTypeBake[];
  /** `==> Wait completed after …` or the closing artifact lines were read. */
  packerFinished: boolean;
  /** Packer said `Cleanly cancelled builds after being interrupted.` */
  cancelled: boolean;
}
