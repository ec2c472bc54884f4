import { type FleetConfig } from '@fleet/core';
import { type AutoScalingGroupRecord } from '../../fleet/groups.ts';
import { controllerOfWorkerType } from '../controller-spec.ts';
import { type SimulatedJenkins } from '../simulated-jenkins.ts';
import { fleetCloudAsCasc } from './casc-shape.ts';
import { type ConstructorArguments, OTHER_CLOUD_CLASSES, type OtherCloud } from './fleet-cloud.ts';

/** The clouds the seed gave each controller, and the one field it then changed by hand. */
export interface CloudScenario {
  /**
   * Per controller, the EC2 Fleet clouds the worker types imply, each as the settings of a JCasC
   * `eC2Fleet:` entry (`computerConnector: {sshConnector: …}`): what a declaration in sync says.
   */
  implied: Record<string, Record<string, unknown>[]>;
  /** Per controller, the drift the seed left: the cloud, the field, what the worker types imply and what the controller has. */
  drift: Record<string, { cloud: string; field: 'idleMinutes' | 'maxSize'; implied: number; live: number }>;
}

const IDLE_MINUTES = 30;

/** A cloud for each of the worker type's groups: its labels, the group's sizes, the agents' executors, SSH as user jenkins. */
function impliedArguments(group: AutoScalingGroupRecord, labels: readonly string[], numExecutors: number): ConstructorArguments {
  return {
    name: group.name,
    region: group.region,
    fleet: group.name,
    labelString: labels.join(' '),
    fsRoot: '/var/lib/jenkins',
    computerConnector: {
      port: 22,
      credentialsId: 'jenkins-worker-ssh',
      settings: { launchTimeoutSeconds: 60, maxNumRetries: 10, retryWaitTime: 15 },
      sshHostKeyVerificationStrategy: { symbol: 'nonVerifyingKeyVerificationStrategy', settings: {} },
    },
    privateIpUsed: true,
    alwaysReconnect: true,
    idleMinutes: IDLE_MINUTES,
    minSize: group.minSize,
    maxSize: group.maxSize,
    minSpareSize: 0,
    numExecutors,
    addNodeOnlyIfRunning: true,
    restrictUsage: true,
    maxTotalUses: '-1',
    initOnlineTimeoutSec: 180,
    initOnlineCheckIntervalSec: 15,
    cloudStatusIntervalSec: 10,
  };
}

/** The Kubernetes cloud of ci-int, as the kubernetes plugin's JCasC export writes one. */
export const KUBERNETES_CLOUD: OtherCloud = {
  kind: 'other',
  symbol: 'kubernetes',
  className: OTHER_CLOUD_CLASSES.kubernetes ?? '',
  name: 'openshift-builds',
  settings: {
    containerCapStr: '20',
    jenkinsTunnel: 'jenkins-agent.ci-int.svc:50000',
    jenkinsUrl: 'http://jenkins.ci-int.svc:8080/',
    maxRequestsPerHostStr: '32',
    name: 'openshift-builds',
    namespace: 'ci-int-builds',
    serverUrl: 'https://api.ocp.example.com:6443',
    templates: [{ containers: [{ image: 'quay.io/app-sre/jenkins-agent:latest', name: 'jnlp' }], label: 'ocp-runner', name: 'ocp-runner' }],
  },
};

interface SeedInput {
  config: FleetConfig;
  controllers: readonly SimulatedJenkins[];
  group(name: string): AutoScalingGroupRecord | undefined;
  /** The executors of the agents a group's instances run. */
  numExecutors(group: string): number;
}

/**
 * Gives every controller a cloud for each group of the worker types it serves (and ci-int its
 * Kubernetes cloud), then changes one field of its last cloud by hand, as someone in the UI would.
 */
export function seedClouds(input: SeedInput): CloudScenario {
  const scenario: CloudScenario = { implied: {}, drift: {} };
  const specs = input.controllers.map((controller) => controller.spec);
  for (const controller of input.controllers) {
    const types = input.config.workerTypes.filter((type) => controllerOfWorkerType(specs, type)?.name === controller.name);
    const clouds = types.flatMap((type) =>
      (type.asgs.length > 0 ? type.asgs : [`jenkins-worker-${type.key}`]).flatMap((name) => {
        const group = input.group(name);
        return group ? [controller.clouds.construct(impliedArguments(group, type.jenkinsLabels, input.numExecutors(name)))] : [];
      }),
    );
    scenario.implied[controller.name] = clouds.map((cloud) => fleetCloudAsCasc(cloud, controller.release, 'declaration'));
    controller.clouds.replaceAll([...clouds, ...(controller.spec.kubernetesCloud ? [KUBERNETES_CLOUD] : [])]);
    const drifted = clouds.at(-1);
    const field = controller.spec.seedDrift;
    if (!drifted || !field) continue;
    const implied = drifted.fields[field] ?? 0;
    const live = field === 'idleMinutes' ? 10 : implied + 2;
    controller.clouds.changeByHand(drifted.name, { [field]: live });
    scenario.drift[controller.name] = { cloud: drifted.name, field, implied, live };
  }
  return scenario;
}
