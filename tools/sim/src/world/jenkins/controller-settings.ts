import { JENKINS_DEMO_USER, JENKINS_READER } from '../../jenkins/jenkins-auth.ts';

/**
 * What Configuration as Code exports of a controller besides its clouds: the rest of `jenkins:`
 * and the other root elements, kept as plain values so an apply can replace them and the next
 * export shows it.
 */
export class ControllerSettings {
  /** `jenkins:` attributes other than clouds and labelAtoms (which Jenkins derives). */
  readonly jenkins: Record<string, unknown>;
  /** Root elements other than `jenkins:`, in the order the export writes them. */
  readonly roots: Record<string, unknown>;
  /** Exceptions the controller logged (an apply that failed), with the logging id its error page shows. */
  readonly log: { id: string; message: string }[] = [];

  constructor(name: string) {
    this.jenkins = {
      authorizationStrategy: { loggedInUsersCanDoAnything: { allowAnonymousRead: false } },
      crumbIssuer: { standard: { excludeClientIPFromCrumb: false } },
      disableRememberMe: false,
      markupFormatter: 'plainText',
      mode: 'NORMAL',
      myViewsTabBar: 'standard',
      noUsageStatistics: true,
      numExecutors: 0,
      primaryView: { all: { name: 'all' } },
      projectNamingStrategy: 'standard',
      quietPeriod: 5,
      remotingSecurity: { enabled: true },
      scmCheckoutRetryCount: 0,
      securityRealm: { local: { allowsSignup: false, users: [JENKINS_DEMO_USER, JENKINS_READER.user].map((id) => ({ id, name: id, properties: ['apiToken', 'mailer', 'myView', 'preferredProvider', 'timezone'] })) } },
      slaveAgentPort: 50000,
      systemMessage: `${name}: Jenkins workers are managed by the EC2 Fleet plugin; change clouds through the fleet portal`,
      updateCenter: { sites: [{ id: 'default', url: 'https://updates.jenkins.io/update-center.json' }] },
      views: [{ all: { name: 'all' } }],
      viewsTabBar: 'standard',
    };
    this.roots = {
      globalCredentialsConfiguration: { configuration: { providerFilter: 'none', typeFilter: 'none' } },
      appearance: { prism: { theme: 'PRISM' } },
      security: { apiToken: { creationOfLegacyTokenEnabled: false, tokenGenerationOnCreationEnabled: false, usageStatisticsEnabled: true }, sSHD: { port: -1 } },
      unclassified: { buildDiscarders: { configuredBuildDiscarders: ['jobBuildDiscarder'] }, location: { adminAddress: 'address not configured yet <nobody@nowhere>' } },
      tool: { git: { installations: [{ home: 'git', name: 'Default' }] } },
    };
  }
}

/** Attributes of `jenkins:` JenkinsConfigurator knows (its describe()), beside `clouds`. */
export const JENKINS_ATTRIBUTES = [
  'agentProtocols', 'authorizationStrategy', 'clouds', 'crumbIssuer', 'disableRememberMe', 'disabledAdministrativeMonitors', 'globalNodeProperties', 'labelAtoms',
  'labelString', 'log', 'markupFormatter', 'mode', 'myViewsTabBar', 'noUsageStatistics', 'nodeMonitors', 'nodeProperties', 'numExecutors', 'primaryView',
  'projectNamingStrategy', 'proxy', 'quietPeriod', 'remotingSecurity', 'scmCheckoutRetryCount', 'securityRealm', 'slaveAgentPort', 'systemMessage',
  'updateCenter', 'views', 'viewsTabBar',
];

/** Root elements whose configurators the simulated controller has. */
export const ROOT_ELEMENTS = ['jenkins', 'globalCredentialsConfiguration', 'appearance', 'security', 'unclassified', 'tool'];
