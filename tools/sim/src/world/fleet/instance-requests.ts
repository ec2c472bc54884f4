import { causeTime, type ActivityRecord, type AutoScalingGroupRecord } from './groups.ts';
import { validation } from './errors.ts';
import { type FleetParts, type InstanceLifecycle } from './instance-lifecycle.ts';
import { type HealthStatus, type InstanceRecord } from './instances.ts';

/** Simulated seconds between an instance marked Unhealthy and Auto Scaling taking it out of service. */
export const HEALTH_CHECK_SECONDS = 30;

/** Who may name the instance: its account and region, as the caller's signature gives them. */
export interface InstanceCaller {
  ownerId: string;
  region: string;
}

/**
 * What a person asks of one instance of a group: set its health (SetInstanceHealth) or terminate
 * it (TerminateInstanceInAutoScalingGroup), with Auto Scaling's answers and refusals.
 */
export class InstanceRequests {
  constructor(
    private readonly parts: FleetParts,
    private readonly lifecycle: InstanceLifecycle,
    private readonly groupOf: (name: string) => AutoScalingGroupRecord | undefined,
  ) {}

  /**
   * An Unhealthy instance is terminated and replaced a health check later; within the group's
   * grace period after it went InService the call is ignored unless told not to respect it.
   */
  setHealth(caller: InstanceCaller, instanceId: string, health: HealthStatus, respectGracePeriod: boolean, at: Date): void {
    const { instance, group } = this.managed(caller, instanceId);
    if (instance.lifecycleState === 'Terminating') return;
    if (health === 'Healthy') {
      instance.healthStatus = 'Healthy';
      return;
    }
    const graceEnds = (instance.runningSince?.getTime() ?? at.getTime()) + this.parts.duration(group.healthCheckGracePeriod);
    if (respectGracePeriod && (instance.lifecycleState === 'Pending' || at.getTime() < graceEnds)) return;
    instance.healthStatus = 'Unhealthy';
    this.parts.timeline.schedule(new Date(at.getTime() + this.parts.duration(HEALTH_CHECK_SECONDS)), (when) => {
      if (instance.healthStatus !== 'Unhealthy' || instance.lifecycleState !== 'InService') return;
      this.lifecycle.terminate(group, instance, when, `At ${causeTime(when)} an instance was taken out of service in response to a user health-check.`);
      this.lifecycle.fillCapacity(group, when);
    });
  }

  /** Terminates the instance; without decrementing, the group launches a replacement at once. */
  terminate(caller: InstanceCaller, instanceId: string, decrement: boolean, at: Date): ActivityRecord {
    const { instance, group } = this.managed(caller, instanceId);
    // Asked again while it terminates, Auto Scaling answers with the termination under way.
    const underWay = this.parts.activities.findLast((a) => a.instanceId === instanceId && a.description.startsWith('Terminating'));
    if (instance.lifecycleState === 'Terminating' && underWay) return underWay;
    const before = group.desiredCapacity;
    if (decrement) {
      if (before <= group.minSize) {
        throw validation(
          `Currently, desiredSize equals minSize (${group.minSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`,
        );
      }
      group.desiredCapacity = before - 1;
    }
    const shrinking = decrement ? `, shrinking the capacity from ${before} to ${group.desiredCapacity}` : '';
    const activity = this.lifecycle.terminate(group, instance, at, `At ${causeTime(at)} instance ${instanceId} was taken out of service in response to a user request${shrinking}.`);
    if (!decrement) this.lifecycle.fillCapacity(group, at);
    return activity!;
  }

  /** The instance as a member of one of the caller's groups; any other id is not a managed instance. */
  private managed(caller: InstanceCaller, instanceId: string): { instance: InstanceRecord; group: AutoScalingGroupRecord } {
    const instance = this.parts.instances.get(instanceId);
    const group = instance && this.groupOf(instance.groupName);
    if (!instance || !group || instance.ownerId !== caller.ownerId || instance.region !== caller.region || instance.lifecycleState === 'Terminated') {
      throw validation(`Instance Id not found - No managed instance found for instance ID: ${instanceId}`);
    }
    return { instance, group };
  }
}
