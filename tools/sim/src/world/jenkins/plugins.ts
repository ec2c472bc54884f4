import { type JenkinsControllerSpec } from './controller-spec.ts';

/** A plugin as the plugin manager lists it (hudson.PluginWrapper's exported fields). */
export interface InstalledPlugin {
  shortName: string;
  longName: string;
  version: string;
  url: string;
  requiredCoreVersion: string;
  dependencies: { shortName: string; version: string; optional: boolean }[];
}

const plugin = (shortName: string, longName: string, version: string, requiredCoreVersion: string, dependencies: InstalledPlugin['dependencies'] = []): InstalledPlugin => ({
  shortName,
  longName,
  version,
  url: `https://plugins.jenkins.io/${shortName}/`,
  requiredCoreVersion,
  dependencies,
});
const needs = (shortName: string, version: string, optional = false) => ({ shortName, version, optional });

/**
 * The plugins installed on a controller: the ec2-fleet plugin at its release, with the ssh-slaves,
 * credentials and structs plugins it needs, and Configuration as Code and Kubernetes where the
 * controller has them. Versions of the companions are releases of their time.
 */
export function installedPlugins(spec: JenkinsControllerSpec): InstalledPlugin[] {
  const current = !spec.ec2FleetVersion.startsWith('2.');
  const structs = current ? '350.v3b_30f09f2363' : '1.23';
  const credentials = current ? '1415.v831096eb_5534' : '2.6.1';
  const ssh = current ? '3.1031.v72c6b_883b_869' : '1.33.0';
  const aws = current ? '231.v08a_59f17d742' : '1.32';
  const plugins = [
    plugin('structs', 'Structs Plugin', structs, current ? '2.462.3' : '2.222.4'),
    plugin('credentials', 'Credentials Plugin', credentials, current ? '2.462.3' : '2.289.1', [needs('structs', structs)]),
    plugin('ssh-slaves', 'SSH Build Agents plugin', ssh, current ? '2.462.3' : '2.289.1', [needs('credentials', credentials)]),
    plugin('aws-credentials', 'CloudBees AWS Credentials Plugin', aws, current ? '2.462.3' : '2.289.1', [needs('credentials', credentials)]),
    plugin('ec2-fleet', 'EC2 Fleet Jenkins Plugin', spec.ec2FleetVersion, current ? '2.462.3' : '2.289.1', [
      needs('aws-credentials', aws),
      needs('ssh-slaves', ssh),
      needs('structs', structs),
      ...(spec.configurationAsCodeVersion ? [needs('configuration-as-code', spec.configurationAsCodeVersion, true)] : []),
    ]),
  ];
  if (spec.configurationAsCodeVersion) plugins.push(plugin('configuration-as-code', 'Configuration as Code Plugin', spec.configurationAsCodeVersion, '2.462.3', [needs('structs', structs)]));
  if (spec.kubernetesCloud) plugins.push(plugin('kubernetes', 'Kubernetes plugin', '4340.v345364d31a_2a_', '2.462.3', [needs('credentials', credentials)]));
  return plugins.sort((a, b) => a.shortName.localeCompare(b.shortName));
}
