import { type Describable, JavaException, type SshConnector } from './fleet-cloud.ts';

/** The ssh-slaves plugin's host key verification strategies by JCasC symbol, and their classes. */
export const HOST_KEY_STRATEGIES: Record<string, string> = {
  nonVerifyingKeyVerificationStrategy: 'hudson.plugins.sshslaves.verifiers.NonVerifyingKeyVerificationStrategy',
  knownHostsFileKeyVerificationStrategy: 'hudson.plugins.sshslaves.verifiers.KnownHostsFileKeyVerificationStrategy',
  manuallyProvidedKeyVerificationStrategy: 'hudson.plugins.sshslaves.verifiers.ManuallyProvidedKeyVerificationStrategy',
  manuallyTrustedKeyVerificationStrategy: 'hudson.plugins.sshslaves.verifiers.ManuallyTrustedKeyVerificationStrategy',
};

export const SSH_CONNECTOR_CLASS = 'hudson.plugins.sshslaves.SSHConnector';

/** SSHConnector's setters besides its constructor's port and credentialsId. */
export const SSH_CONNECTOR_SETTERS = ['jvmOptions', 'javaPath', 'prefixStartSlaveCmd', 'suffixStartSlaveCmd', 'launchTimeoutSeconds', 'maxNumRetries', 'retryWaitTime', 'sshHostKeyVerificationStrategy', 'workDir', 'tcpNoDelay'] as const;

/** JCasC finds symbols ignoring case (`NonVerifyingKeyVerificationStrategy` is `nonVerifyingKeyVerificationStrategy`). */
export function canonicalStrategy(symbol: string): string | undefined {
  return Object.keys(HOST_KEY_STRATEGIES).find((known) => known.toLowerCase() === symbol.toLowerCase());
}

/** A strategy's constructor: ManuallyProvidedKeyVerificationStrategy parses its key ("<algorithm> <base64>"). */
export function buildHostKeyStrategy(symbol: string, settings: Record<string, unknown>): Describable {
  const canonical = canonicalStrategy(symbol);
  if (!canonical) throw new JavaException('java.lang.IllegalArgumentException', `unknown host key verification strategy ${symbol}`);
  if (canonical === 'manuallyProvidedKeyVerificationStrategy') {
    const key = typeof settings.key === 'string' ? settings.key : '';
    if (!/^\S+ \S+/.test(key)) throw new JavaException('java.lang.IllegalArgumentException', 'Invalid key: a key is an algorithm and a key, separated by a space');
    return { symbol: canonical, settings: { key } };
  }
  if (canonical === 'manuallyTrustedKeyVerificationStrategy') return { symbol: canonical, settings: { requireInitialManualTrust: settings.requireInitialManualTrust === true } };
  return { symbol: canonical, settings: {} };
}

const fixEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * `new SSHConnector(port, credentialsId)` and its setters, as DescribableModel.instantiate calls
 * them for JCasC and the structs plugin: port 0 is 22, blank text is unset, a timeout of 0 or less
 * is 60 s, negative retries are 10 and a negative wait is 15 s.
 */
export function buildSshConnector(settings: Record<string, unknown>, strategy: Describable | null): SshConnector {
  const port = typeof settings.port === 'number' ? settings.port : 0;
  const values: Record<string, string | number | boolean> = {};
  for (const name of ['jvmOptions', 'javaPath', 'prefixStartSlaveCmd', 'suffixStartSlaveCmd'] as const) {
    const value = fixEmpty(settings[name]);
    if (value !== undefined) values[name] = value;
  }
  // The setters are called only for what was given; each falls back to its default for what it cannot use.
  const given = (key: string) => settings[key] !== undefined && settings[key] !== null;
  const number = (key: string) => (typeof settings[key] === 'number' ? (settings[key] as number) : undefined);
  const timeout = number('launchTimeoutSeconds');
  const retries = number('maxNumRetries');
  const wait = number('retryWaitTime');
  if (given('launchTimeoutSeconds')) values.launchTimeoutSeconds = timeout === undefined || timeout <= 0 ? 60 : timeout;
  if (given('maxNumRetries')) values.maxNumRetries = retries === undefined || retries < 0 ? 10 : retries;
  if (given('retryWaitTime')) values.retryWaitTime = wait === undefined || wait < 0 ? 15 : wait;
  const workDir = fixEmpty(typeof settings.workDir === 'string' ? settings.workDir.trim() : undefined);
  if (workDir !== undefined) values.workDir = workDir;
  if (typeof settings.tcpNoDelay === 'boolean') values.tcpNoDelay = settings.tcpNoDelay;
  return { port: port === 0 ? 22 : port, credentialsId: typeof settings.credentialsId === 'string' ? settings.credentialsId : null, settings: values, sshHostKeyVerificationStrategy: strategy };
}

/** What SSHConnector's getters answer, by name (the read script asks each). */
export function sshConnectorGetters(connector: SshConnector): Record<string, unknown> {
  const get = (key: string) => connector.settings[key] ?? null;
  return {
    credentialsId: connector.credentialsId,
    port: connector.port,
    jvmOptions: get('jvmOptions'),
    javaPath: get('javaPath'),
    prefixStartSlaveCmd: get('prefixStartSlaveCmd'),
    suffixStartSlaveCmd: get('suffixStartSlaveCmd'),
    launchTimeoutSeconds: get('launchTimeoutSeconds'),
    maxNumRetries: get('maxNumRetries'),
    retryWaitTime: get('retryWaitTime'),
    workDir: get('workDir'),
    tcpNoDelay: connector.settings.tcpNoDelay ?? true,
  };
}
