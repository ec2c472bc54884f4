import { type DeclaredEc2FleetCloud, declaredEc2FleetCloudSchema, normalizeCloud } from '@fleet/core';
import { describe, expect, it } from 'vitest';
import { parseCloudSyncOutput, renderCloudSyncScript } from './sync-script.ts';
import { fleetCloudConstructorArguments, groovy24SingleQuoted, groovy24UnicodePass, groovy3SingleQuotedValue } from './test-groovy-reader.ts';

const CURRENT = '4.3.0.549.vf2a_da_a_d19b_5e';

function cloud(overrides: Record<string, unknown> = {}): DeclaredEc2FleetCloud {
  return declaredEc2FleetCloudSchema.parse({
    name: 'ci-int-jenkins-worker-rhel8',
    region: 'us-east-1',
    fleet: 'ci-int-jenkins-worker-rhel8',
    labelString: 'rhel8',
    computerConnector: { sshConnector: { credentialsId: 'jenkins' } },
    ...overrides,
  });
}

function scriptFor(clouds: DeclaredEc2FleetCloud[], pluginVersion = CURRENT): string {
  const result = renderCloudSyncScript(clouds, { pluginVersion });
  if (!result.ok) throw new Error(result.message);
  return result.script;
}

/** The JSON literal as Groovy 2.4 reads it, with where it stands in the source. */
function literalOf(script: string) {
  const call = 'new groovy.json.JsonSlurper().parseText(';
  const start = script.indexOf(call) + call.length;
  const { value, end } = groovy24SingleQuoted(groovy24UnicodePass(script), start);
  return { value, source: script.slice(start, end), rest: script.slice(end) };
}

/** What the script sends: the clouds with the plugin's defaults applied, as the constructor gets them. */
const payloadOf = (clouds: DeclaredEc2FleetCloud[]) => ({ clouds: clouds.map((c) => ({ ...normalizeCloud(c), otherFields: undefined })) });

const HOSTILE = [
  "it's",
  'back\\slash \\\\ \\n \\u0041 \\',
  '${Jenkins.instance.doSafeRestart()}',
  '$HOME $$ \\$',
  "'''",
  'line one\nline two\r\nline three',
  '"); Jenkins.instance.doSafeRestart(); //',
  "'); Jenkins.instance.doSafeRestart(); //",
  '\\u0027); Jenkins.instance.doSafeRestart(); //',
  '\\\\u0027); Jenkins.instance.doSafeRestart(); //',
  'ünïcødé ✓ 日本語 🚀',
  '\u0000\u0001\u001f\u007f\u2028\u2029\ufeff\uffff\ud800 nul-ish',
];

describe('renderCloudSyncScript', () => {
  it('starts with the marker line and holds exactly one string literal: the JSON given to JsonSlurper', () => {
    const script = scriptFor([cloud()]);
    expect(script.split('\n')[0]).toBe('// fleet-portal:clouds-sync');
    expect([...script].filter((ch) => ch === "'")).toHaveLength(2);
    const literal = literalOf(script);
    expect(literal.rest.startsWith(')\n')).toBe(true);
    expect(JSON.parse(literal.value)).toEqual(JSON.parse(JSON.stringify(payloadOf([cloud()]))));
  });

  it('writes nothing Groovy 2.4 would read as a unicode escape anywhere in the script', () => {
    const script = scriptFor([cloud({ name: HOSTILE.join(' | ') })]);
    expect(groovy24UnicodePass(script)).toBe(script);
  });

  it.each(HOSTILE)('carries %j only inside the JSON literal, which Groovy 2.4 and Groovy 3 both read back exactly', (value) => {
    const declared = [
      cloud({
        name: value,
        labelString: `rhel8 ${value}`,
        fsRoot: value,
        computerConnector: { sshConnector: { credentialsId: value, jvmOptions: value, [value]: value } },
        environmentVariables: [{ name: value, value }],
      }),
    ];
    const script = scriptFor(declared);
    const literal = literalOf(script);
    const outside = script.replace(literal.source, '');
    expect(outside.includes('doSafeRestart')).toBe(false);
    if (value.trim().length > 3) expect(outside.includes(value)).toBe(false);

    const sent = JSON.parse(JSON.stringify(payloadOf(declared)));
    expect(JSON.parse(literal.value)).toEqual(sent);
    expect(JSON.parse(literal.value).clouds[0].name).toBe(value);
    expect(groovy3SingleQuotedValue(literal.source.slice(1, -1))).toBe(literal.value);
  });

  it('is read correctly only because no escape is left to Groovy: a \\u0027 in the source would end the literal in Groovy 2.4', () => {
    // The reader the tests rely on must see the attack this escaping avoids.
    const naive = "def d = new groovy.json.JsonSlurper().parseText('{\"name\":\"x\\u0027); Jenkins.instance.doSafeRestart(); //\"}')";
    const { value, end } = groovy24SingleQuoted(groovy24UnicodePass(naive), naive.indexOf("'"));
    expect(value).toBe('{"name":"x');
    expect(groovy24UnicodePass(naive).slice(end)).toMatch(/^\); Jenkins\.instance\.doSafeRestart\(\);/);
  });

  it('differs from one declaration to another only inside the literal', () => {
    const [a, b] = [scriptFor([cloud()]), scriptFor([cloud({ name: 'other', minSize: 3 }), cloud({ name: 'third' })])];
    expect(a.replace(literalOf(a).source, '')).toBe(b.replace(literalOf(b).source, ''));
  });

  // Arity read from EC2FleetCloud.java at each tag (fixtures/ec2-fleet-constructors.json).
  it.each([
    ['2.0.0', 24],
    ['2.2.2', 24],
    ['2.3.0', 25],
    ['2.4.1', 25],
    ['2.5.0', 26],
    ['2.7.1', 26],
    ['3.0.0', 25],
    ['3.0.2', 25],
    ['3.2.0', 26],
    ['4.2.3.540.va_6eedb_7b_c112', 26],
    [CURRENT, 26],
  ])('calls the constructor of plugin %s with %i arguments', (version, arity) => {
    expect(fleetCloudConstructorArguments(scriptFor([cloud()], version))).toHaveLength(arity);
  });

  it('follows each constructor’s order where releases moved parameters', () => {
    const tail = (version: string) => fleetCloudConstructorArguments(scriptFor([cloud()], version)).slice(-4);
    expect(tail('2.2.2')).toEqual(['c.initOnlineCheckIntervalSec as Integer', 'c.scaleExecutorsByWeight as boolean', 'c.cloudStatusIntervalSec as Integer', 'c.noDelayProvision as boolean']);
    expect(tail('3.2.0')).toEqual(['c.cloudStatusIntervalSec as Integer', 'c.noDelayProvision as boolean', 'c.scaleExecutorsByWeight as boolean', 'executorScalerFrom(c.executorScaler)']);
    expect(fleetCloudConstructorArguments(scriptFor([cloud()], '2.7.1')).slice(0, 3)).toEqual(['c.name as String', 'previousCloudId(c.name as String)', 'c.awsCredentialsId as String']);
    expect(fleetCloudConstructorArguments(scriptFor([cloud()], '3.0.0')).slice(0, 3)).toEqual(['c.name as String', 'c.awsCredentialsId as String', 'null']);
  });

  it('sets environment variables only on plugins that have the setter (4.3.0 and later)', () => {
    expect(scriptFor([cloud()], CURRENT)).toContain('cloud.setEnvironmentVariables(');
    expect(scriptFor([cloud()], '4.2.3.540.va_6eedb_7b_c112')).not.toContain('setEnvironmentVariables');
  });

  it.each([
    ['1.17.3', 'unsupported-plugin-version', 'ec2-fleet plugin 1.17.3 is older than 2.0.0, the oldest the portal can configure; upgrade the plugin'],
    ['3.1.0', 'unsupported-plugin-version', 'ec2-fleet plugin 3.1.0 renamed EC2FleetCloud to FleetCloud (#410), which 3.2.0 undid (#423); upgrade the plugin to 3.2.0 or later'],
    ['latest', 'unknown-plugin-version', '"latest" is not an ec2-fleet plugin version; read it from /pluginManager/api/json?tree=plugins[shortName,version]'],
  ])('refuses plugin %s', (pluginVersion, code, message) => {
    expect(renderCloudSyncScript([cloud()], { pluginVersion })).toEqual({ ok: false, code, message });
  });

  it.each([
    ['2.4.1', { minSpareSize: 1 }, 'cloud "ci-int-jenkins-worker-rhel8": ec2-fleet plugin 2.4.1 has no minSpareSize (added in 2.5.0)'],
    ['2.2.2', { maxTotalUses: 10 }, 'cloud "ci-int-jenkins-worker-rhel8": ec2-fleet plugin 2.2.2 has no maxTotalUses (added in 2.3.0)'],
    ['3.0.2', { executorScaler: 'weightedScaler' }, 'cloud "ci-int-jenkins-worker-rhel8": ec2-fleet plugin 3.0.2 has no executorScaler (added in 3.2.0); declare scaleExecutorsByWeight: true to scale by weight on it'],
    ['4.2.3', { environmentVariables: [{ name: 'A', value: 'b' }] }, 'cloud "ci-int-jenkins-worker-rhel8": ec2-fleet plugin 4.2.3 has no environmentVariables (added in 4.3.0)'],
  ])('refuses on plugin %s a field it does not have: %j', (pluginVersion, overrides, message) => {
    expect(renderCloudSyncScript([cloud(overrides)], { pluginVersion })).toEqual({ ok: false, code: 'unsupported-field', message });
  });

  it('accepts on an old plugin a field left at the value the old plugin has anyway', () => {
    expect(renderCloudSyncScript([cloud({ minSpareSize: 0, maxTotalUses: -1, executorScaler: 'noScaler' })], { pluginVersion: '2.2.2' }).ok).toBe(true);
  });

  it('refuses what the Groovy cannot build: another connector, an unknown host key strategy, an unreadable maxTotalUses', () => {
    const codes = [
      cloud({ computerConnector: { commandConnector: { command: 'ssh x' } } }),
      cloud({ computerConnector: { sshConnector: { sshHostKeyVerificationStrategy: 'trustEverythingStrategy' } } }),
      cloud({ maxTotalUses: 'ten' }),
    ].map((declared) => {
      const result = renderCloudSyncScript([declared], { pluginVersion: CURRENT });
      return result.ok ? 'ok' : result.code;
    });
    expect(codes).toEqual(['unsupported-connector', 'unsupported-connector', 'bad-max-total-uses']);
  });

  it('refuses a declaration larger than a Groovy string constant can hold', () => {
    const result = renderCloudSyncScript([cloud({ fsRoot: 'x'.repeat(70_000) })], { pluginVersion: CURRENT });
    expect(result).toMatchObject({ ok: false, code: 'declaration-too-large' });
  });
});

describe('parseCloudSyncOutput', () => {
  it('reads how many clouds were applied', () => {
    expect(parseCloudSyncOutput('fleet-portal: applied 3 EC2 Fleet clouds\n')).toEqual({ ok: true, value: { applied: 3 } });
  });

  it('turns a Groovy exception into a failure naming its first line', () => {
    const trace = 'java.lang.IllegalArgumentException: unknown executor scaler cpuScaler\n\tat Script1.executorScalerFrom(Script1.groovy:40)\n';
    expect(parseCloudSyncOutput(trace)).toEqual({
      ok: false,
      code: 'script-failed',
      message: 'the clouds sync script failed on the controller: java.lang.IllegalArgumentException: unknown executor scaler cpuScaler',
    });
  });

  it('says when the script printed nothing', () => {
    expect(parseCloudSyncOutput('\n')).toMatchObject({ ok: false, code: 'no-output' });
  });
});
