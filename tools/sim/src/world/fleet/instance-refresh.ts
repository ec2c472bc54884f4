import { FleetError, validation } from './errors.ts';
import { causeTime, type AutoScalingGroupRecord } from './groups.ts';
import { type FleetParts, type InstanceLifecycle } from './instance-lifecycle.ts';
import { type InstanceRecord } from './instances.ts';
import { usesSsmImage, type LaunchTemplateRef } from './launch-templates.ts';
import { batchSize, refreshPreferences, type InstanceRefreshRecord, type RefreshStatus, type StartRefreshInput } from './refresh-request.ts';

interface Batch {
  mode: 'forward' | 'rollback';
  size: number;
  ready: number;
  /** Old instances that stay in service until their replacements are ready (MaxHealthyPercentage above 100). */
  retiring: InstanceRecord[];
}

/** One refresh in motion: what it has replaced, what it is replacing and with which configuration. */
class RefreshRun {
  mode: 'forward' | 'rollback' = 'forward';
  target: LaunchTemplateRef;
  total = 0;
  /** Instances the forward pass counts as updated: skipped as matching, or launched by it and warmed up. */
  readonly done = new Set<string>();
  /** Instances the forward pass launched: what a rollback replaces. */
  readonly deployed = new Set<string>();
  batch: Batch | undefined;
  /** Bumped on every change of course, so timers set before it do nothing. */
  generation = 0;
  nextCheckpoint = 0;

  constructor(
    readonly record: InstanceRefreshRecord,
    readonly group: AutoScalingGroupRecord,
    readonly previous: LaunchTemplateRef,
  ) {
    this.target = record.desiredConfiguration ?? previous;
  }
}

/** Simulated seconds a refresh stays Pending before it starts, and Cancelling when nothing is in flight. */
const PENDING_SECONDS = 5;
const CANCEL_SECONDS = 5;
/**
 * Auto Scaling keeps a refresh's times to the second: botocore's autoscaling/2011-01-01/examples-1.json
 * ("To list instance refreshes") shows `2023-06-13T16:46:52+00:00` where its scaling activities have
 * milliseconds. A caller comparing them with its own clock must allow for it, so the simulator does too.
 */
const wholeSecond = (at: Date) => new Date(Math.floor(at.getTime() / 1000) * 1000);

const notFound = (group: string) => new FleetError('ActiveInstanceRefreshNotFound', `No in progress or pending Instance Refresh found for Auto Scaling group ${group}`);

/**
 * Instance refreshes as Auto Scaling runs them: batch by batch within the healthy percentages,
 * warm-up before an instance counts, pauses at checkpoints, skip matching, cancel, and rollback
 * (manual or automatic) to the configuration the group had before.
 */
export class RefreshMachine {
  readonly refreshes: InstanceRefreshRecord[] = [];
  private readonly runs = new Map<string, RefreshRun>();

  constructor(
    private readonly parts: FleetParts,
    private readonly lifecycle: InstanceLifecycle,
  ) {}

  active(groupName: string): InstanceRefreshRecord | undefined {
    return this.runs.get(groupName)?.record;
  }

  start(group: AutoScalingGroupRecord, input: StartRefreshInput, at: Date): InstanceRefreshRecord {
    if (this.runs.has(group.name)) {
      throw new FleetError('InstanceRefreshInProgress', 'An Instance Refresh is already in progress and blocks the execution of this Instance Refresh.');
    }
    const preferences = refreshPreferences(input);
    const desired = input.desiredConfiguration && this.desiredRef(group, input.desiredConfiguration);
    if (preferences.autoRollback) {
      if (!desired) {
        throw validation("The request isn't valid. The AutoRollback parameter cannot be set to true when the DesiredConfiguration parameter is empty. Set AutoRollback to false or specify a desired configuration and try again.");
      }
      const why = this.irreversible(group.launchTemplate, group);
      if (why) throw validation(`The request isn't valid. AutoRollback cannot be enabled because ${why}.`);
    }
    const record: InstanceRefreshRecord = {
      instanceRefreshId: this.parts.random.uuid(),
      groupName: group.name,
      status: 'Pending',
      statusReason: undefined,
      createdAt: at,
      startTime: wholeSecond(at),
      endTime: undefined,
      percentageComplete: 0,
      instancesToUpdate: this.live(group).length,
      preferences,
      desiredConfiguration: desired,
      strategy: 'Rolling',
      rollbackDetails: undefined,
      startedBy: input.startedBy ?? 'simulator',
    };
    this.refreshes.push(record);
    const run = new RefreshRun(record, group, { ...group.launchTemplate });
    this.runs.set(group.name, run);
    this.after(run, at, PENDING_SECONDS, (when) => this.begin(run, when));
    return record;
  }

  cancel(group: AutoScalingGroupRecord, at: Date, waitForTransitioning = true): InstanceRefreshRecord {
    const run = this.runs.get(group.name);
    if (!run || run.record.status === 'Cancelling') throw notFound(group.name);
    run.record.status = 'Cancelling';
    run.generation += 1;
    if (!waitForTransitioning) run.batch = undefined;
    if (!run.batch) this.after(run, at, CANCEL_SECONDS, (when) => this.end(run, 'Cancelled', when));
    return run.record;
  }

  rollback(group: AutoScalingGroupRecord, at: Date): InstanceRefreshRecord {
    const run = this.runs.get(group.name);
    if (!run || !['Pending', 'InProgress', 'Baking'].includes(run.record.status)) throw notFound(group.name);
    if (!run.record.desiredConfiguration) {
      throw new FleetError('IrreversibleInstanceRefresh', 'The instance refresh cannot be rolled back because it was started without a desired configuration.');
    }
    const why = this.irreversible(run.previous, group);
    if (why) throw new FleetError('IrreversibleInstanceRefresh', `The instance refresh cannot be rolled back because ${why}.`);
    this.beginRollback(run, at, 'Rollback initiated by user request.');
    return run.record;
  }

  /** Why a rollback to this configuration is impossible, if it is. */
  irreversible(ref: LaunchTemplateRef, group: AutoScalingGroupRecord): string | undefined {
    if (ref.version === '$Latest' || ref.version === '$Default') return `the Auto Scaling group uses the ${ref.version} version of launch template ${ref.launchTemplateName}`;
    const template = this.parts.templates.find(group.ownerId, { id: ref.launchTemplateId });
    const version = template && this.parts.templates.version(template, ref.version);
    if (version && usesSsmImage(version)) return `launch template ${ref.launchTemplateName} takes its AMI from a Systems Manager parameter`;
    return undefined;
  }

  private desiredRef(group: AutoScalingGroupRecord, given: NonNullable<StartRefreshInput['desiredConfiguration']>): LaunchTemplateRef {
    if (!given.launchTemplateId && !given.launchTemplateName) throw validation('A desired configuration needs a LaunchTemplate with a LaunchTemplateId or a LaunchTemplateName.');
    const template = this.parts.templates.require(group.ownerId, given);
    const version = given.version ?? '$Default';
    this.parts.templates.requireVersion(template, version);
    return { launchTemplateId: template.launchTemplateId, launchTemplateName: template.name, version };
  }

  private begin(run: RefreshRun, at: Date): void {
    run.record.status = 'InProgress';
    run.record.startTime = wholeSecond(at);
    const members = this.live(run.group);
    run.total = members.length;
    if (run.record.preferences.skipMatching) {
      const target = this.lifecycle.resolve(run.group, run.target);
      for (const instance of members) {
        const matches = target.ok && instance.launchTemplate.launchTemplateId === run.target.launchTemplateId && instance.resolvedVersion === target.version;
        if (matches) run.done.add(instance.instanceId);
      }
    }
    this.progress(run);
    this.nextBatch(run, at);
  }

  private nextBatch(run: RefreshRun, at: Date): void {
    const { record, group } = run;
    if (record.status === 'Cancelling') return this.end(run, 'Cancelled', at);
    const pending = this.live(group).filter((instance) => (run.mode === 'forward' ? !run.done.has(instance.instanceId) : run.deployed.has(instance.instanceId)));
    if (pending.length === 0) return run.mode === 'forward' ? this.complete(run, at) : this.end(run, 'RollbackSuccessful', at);
    const { size, launchFirst } = batchSize(group.desiredCapacity, record.preferences, pending.length, run.mode === 'forward' ? this.toCheckpoint(run) : undefined);
    const chosen = pending.slice(0, size);
    const batch: Batch = { mode: run.mode, size, ready: 0, retiring: chosen.slice(size - launchFirst) };
    run.batch = batch;
    for (const old of chosen.slice(0, size - launchFirst)) this.lifecycle.terminate(group, old, at, takenOut(old, at));
    const warmupSeconds = record.preferences.instanceWarmup ?? group.defaultInstanceWarmup ?? group.healthCheckGracePeriod;
    const launched: string[] = [];
    for (const old of chosen) {
      const instance = this.lifecycle.launch({
        group,
        template: run.target,
        at,
        zone: old.availabilityZone,
        cause: `At ${causeTime(at)} an instance was launched in response to an instance refresh.`,
        warmupSeconds,
        onReady: (ready, when) => this.replaced(run, batch, ready, when),
        onFailed: (message, when) => this.failed(run, batch, message, when),
      });
      if (!instance) break;
      launched.push(instance.instanceId);
      if (batch.mode === 'forward') run.deployed.add(instance.instanceId);
    }
    if (launched[0]) record.statusReason = `Waiting for instances to warm up before continuing. For example: ${launched[0]} is warming up.`;
  }

  private replaced(run: RefreshRun, batch: Batch, instance: InstanceRecord, at: Date): void {
    if (run.batch !== batch) return;
    batch.ready += 1;
    if (batch.mode === 'forward') run.done.add(instance.instanceId);
    this.progress(run);
    if (batch.ready < batch.size) return;
    run.batch = undefined;
    for (const old of batch.retiring) this.lifecycle.terminate(run.group, old, at, takenOut(old, at));
    this.progress(run);
    if (run.record.status === 'Cancelling') return this.end(run, 'Cancelled', at);
    if (run.mode === 'forward' && this.pauseAtCheckpoint(run, at)) return;
    this.nextBatch(run, at);
  }

  private failed(run: RefreshRun, batch: Batch, message: string, at: Date): void {
    if (run.batch !== batch) return;
    run.batch = undefined;
    const reason = `An instance failed to launch: ${message}`;
    if (batch.mode === 'rollback') return this.end(run, 'RollbackFailed', at, reason);
    if (run.record.preferences.autoRollback && run.record.status !== 'Cancelling') return this.beginRollback(run, at, `Instance refresh failed, rolling back automatically. ${reason}`);
    this.end(run, run.record.status === 'Cancelling' ? 'Cancelled' : 'Failed', at, reason);
  }

  private beginRollback(run: RefreshRun, at: Date, reason: string): void {
    const { record } = run;
    record.rollbackDetails = {
      rollbackReason: reason,
      rollbackStartTime: wholeSecond(at),
      percentageCompleteOnRollback: record.percentageComplete,
      instancesToUpdateOnRollback: record.instancesToUpdate,
    };
    record.status = 'RollbackInProgress';
    record.statusReason = reason;
    run.mode = 'rollback';
    run.target = run.previous;
    run.generation += 1;
    this.progress(run);
    if (!run.batch) this.nextBatch(run, at);
  }

  /** Pauses for CheckpointDelay when the updated share reaches a checkpoint short of 100%. */
  private pauseAtCheckpoint(run: RefreshRun, at: Date): boolean {
    const checkpoints = run.record.preferences.checkpointPercentages ?? [];
    let reached: number | undefined;
    while (run.nextCheckpoint < checkpoints.length) {
      const percentage = checkpoints[run.nextCheckpoint] ?? 100;
      if (run.done.size < Math.ceil((run.total * percentage) / 100)) break;
      reached = percentage;
      run.nextCheckpoint += 1;
    }
    if (reached === undefined || reached === 100 || run.done.size >= run.total) return false;
    const delay = run.record.preferences.checkpointDelay ?? 3600;
    run.record.statusReason = `Checkpoint ${reached}% reached. Waiting ${delay} seconds (CheckpointDelay) before continuing.`;
    this.after(run, at, delay, (when) => {
      run.record.statusReason = undefined;
      this.nextBatch(run, when);
    });
    return true;
  }

  private toCheckpoint(run: RefreshRun): number | undefined {
    const next = run.record.preferences.checkpointPercentages?.[run.nextCheckpoint];
    return next === undefined ? undefined : Math.ceil((run.total * next) / 100) - run.done.size;
  }

  private complete(run: RefreshRun, at: Date): void {
    const succeed = (when: Date) => {
      if (run.record.desiredConfiguration) run.group.launchTemplate = { ...run.record.desiredConfiguration };
      this.end(run, 'Successful', when);
    };
    const bake = run.record.preferences.bakeTime;
    if (bake <= 0) return succeed(at);
    run.record.status = 'Baking';
    run.record.statusReason = `Baking for ${bake} seconds (BakeTime) before the instance refresh is considered complete.`;
    this.after(run, at, bake, succeed);
  }

  private end(run: RefreshRun, status: RefreshStatus, at: Date, reason?: string): void {
    const { record } = run;
    record.status = status;
    record.endTime = wholeSecond(at);
    record.statusReason = reason;
    run.generation += 1;
    run.batch = undefined;
    this.runs.delete(run.group.name);
    if (status === 'Successful') Object.assign(record, { percentageComplete: 100, instancesToUpdate: 0 });
    else this.progress(run);
    this.lifecycle.fillCapacity(run.group, at);
  }

  private progress(run: RefreshRun): void {
    const { record } = run;
    if (run.mode === 'rollback') {
      const remaining = this.live(run.group).filter((instance) => run.deployed.has(instance.instanceId)).length;
      record.percentageComplete = run.total ? Math.floor((remaining * 100) / run.total) : 0;
      return;
    }
    if (record.status === 'Pending') return;
    record.percentageComplete = run.total ? Math.floor((run.done.size * 100) / run.total) : 100;
    record.instancesToUpdate = Math.max(0, run.total - run.done.size);
  }

  /** Runs `task` after `seconds` of simulated time, unless the run changes course first. */
  private after(run: RefreshRun, at: Date, seconds: number, task: (at: Date) => void): void {
    const generation = run.generation;
    this.parts.timeline.schedule(new Date(at.getTime() + this.parts.duration(seconds)), (when) => {
      if (run.generation === generation && this.runs.get(run.group.name) === run) task(when);
    });
  }

  /** The group's members in service or on their way, oldest first. */
  private live(group: AutoScalingGroupRecord): InstanceRecord[] {
    return this.parts.instances
      .inGroup(group.name)
      .filter((instance) => instance.lifecycleState === 'Pending' || instance.lifecycleState === 'InService')
      .sort((a, b) => a.launchTime.getTime() - b.launchTime.getTime() || (a.instanceId < b.instanceId ? -1 : 1));
  }
}

function takenOut(instance: InstanceRecord, at: Date): string {
  return `At ${causeTime(at)} an instance was taken out of service in response to an instance refresh.  At ${causeTime(at)} instance ${instance.instanceId} was selected for termination.`;
}
