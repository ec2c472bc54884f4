import { type Json } from './computer-json.ts';
import { type JenkinsPage } from './jenkins-route.ts';

/** `/pluginManager/api/json`: hudson.PluginWrapper's exported fields, shown from depth 1 (python-jenkins asks depth 2). */
export const pluginManagerPage: JenkinsPage = {
  name: 'pluginManager',
  method: 'GET',
  path: /^\/pluginManager\/api\/json$/,
  permission: 'read',
  answer: ({ controller, depth }) => ({
    status: 200,
    json: {
      _class: 'hudson.LocalPluginManager',
      plugins: controller.plugins.map((plugin): Json => {
        if (depth < 1) return {};
        return {
          active: true,
          backupVersion: null,
          bundled: false,
          deleted: false,
          dependencies: plugin.dependencies.map((dependency): Json => (depth < 2 ? {} : { optional: dependency.optional, shortName: dependency.shortName, version: dependency.version })),
          detached: false,
          downgradable: false,
          enabled: true,
          hasUpdate: false,
          longName: plugin.longName,
          minimumJavaVersion: null,
          pinned: false,
          requiredCoreVersion: plugin.requiredCoreVersion,
          shortName: plugin.shortName,
          supportsDynamicLoad: 'MAYBE',
          url: plugin.url,
          version: plugin.version,
        };
      }),
    },
  }),
};

/**
 * `/ec2-fleet/stats` (EC2FleetStatsApi.doStats, since 4.2.0): a JSON array, one object per EC2
 * Fleet cloud with stats, its keys in the order Jackson writes the plugin's HashMap.
 */
export const fleetStatsPage: JenkinsPage = {
  name: 'ec2FleetStats',
  method: 'ANY',
  path: /^\/ec2-fleet\/stats$/,
  permission: 'read',
  answer: ({ controller }) => ({
    status: 200,
    text: JSON.stringify(controller.clouds.stats().map((stats) => ({ numActive: stats.numActive, fleet: stats.fleet, numDesired: stats.numDesired, state: stats.state, label: stats.label }))),
    headers: { 'Content-Type': 'application/json' },
  }),
};
