import { describe, expect, it } from 'vitest';
import { failureOf, fixture, reply, replyJson, useStandInJenkins } from './test/stand-in-jenkins.ts';


/** The answers ConfigurationAsCode.doExport/doCheck/doApply give (see casc.ts and src/fixtures/README.md). */
describe('Configuration as Code', () => {
  const standIn = useStandInJenkins();

  const client = () => standIn.client();
  const yaml = fixture('casc-ec2-fleet-cloud.yaml');

  it('exports the live configuration with a POST, as the YAML Jenkins sends', async () => {
    const exported = fixture('casc-export.yaml');
    standIn.jenkins.on('POST', '/configuration-as-code/export', reply(200, exported, { 'content-type': 'application/x-yaml; charset=utf-8', 'content-disposition': 'attachment; filename=jenkins.yaml' }));
    expect(await client().casc.export()).toBe(exported);
    expect(standIn.jenkins.requests[0]?.method).toBe('POST');
  });

  it('checks YAML sent as the raw body, a 200 with [] being valid', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/check', replyJson([]));
    expect(await client().casc.check(yaml)).toEqual({ valid: true, issues: [] });
    expect(standIn.jenkins.requests[0]?.body).toBe(yaml);
    expect(standIn.jenkins.requests[0]?.headers['content-type']).toBe('application/x-yaml; charset=utf-8');
  });

  it('keeps the warnings of a 200, in the plugin’s current and earlier forms', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/check', replyJson(fixture('casc-check-warnings.json')));
    expect(await client().casc.check(yaml)).toEqual({ valid: true, issues: [{ line: 4, message: "'someAttribute' is deprecated" }] });
    standIn.jenkins.on('POST', '/configuration-as-code/check', replyJson(fixture('casc-check-warnings-before-2025.json')));
    expect(await client().casc.check(yaml)).toEqual({ valid: true, issues: [{ line: 4, message: "'someAttribute' is deprecated" }] });
  });

  it('returns the problems of a 400 as an invalid result, not a failure', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/check', replyJson(fixture('casc-check-invalid.json'), 400));
    const check = await client().casc.check('jenkins:\n  nonExistentProperty: 1\n');
    expect(check.valid).toBe(false);
    expect(check.issues).toEqual([{ line: null, message: expect.stringContaining('Invalid configuration elements for type: class jenkins.model.Jenkins : nonExistentProperty.') }]);
  });

  it('reads a ConfiguratorException on the 500 page of plugins before 2025-03 as an invalid result', async () => {
    const page = '<pre>io.jenkins.plugins.casc.UnknownConfiguratorException: No configurator for the following root elements: jenkinz\n\tat io.jenkins.plugins.casc.ConfigurationAsCode.invokeWith(ConfigurationAsCode.java:817)</pre>';
    standIn.jenkins.on('POST', '/configuration-as-code/check', reply(500, page, { 'content-type': 'text/html;charset=utf-8' }));
    expect(await client().casc.check('jenkinz: {}\n')).toEqual({
      valid: false,
      issues: [{ line: null, message: 'io.jenkins.plugins.casc.UnknownConfiguratorException: No configurator for the following root elements: jenkinz' }],
    });
  });

  it('applies YAML with a POST of the raw body', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/apply', reply(200, ''));
    await client().casc.apply(yaml);
    expect(standIn.jenkins.requests.map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/configuration-as-code/apply', yaml]]);
  });

  it('says where the exception of a failed apply is logged when Jenkins does not show it', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/apply', reply(500, fixture('casc-apply-oops.html'), { 'content-type': 'text/html;charset=utf-8' }));
    expect(await failureOf(client().casc.apply(yaml))).toMatchObject({
      code: 'server',
      status: 500,
      message: expect.stringContaining('under ID 0f9b3c52-6d7e-4a1b-9c2d-3e4f5a6b7c8d (casc.check says what is wrong with a YAML)'),
    });
  });

  it('says a failed apply was the YAML’s fault when the page shows a ConfiguratorException', async () => {
    const page = '<pre>io.jenkins.plugins.casc.ConfiguratorException: eC2Fleet: Invalid configuration elements for type: class com.amazon.jenkins.ec2fleet.EC2FleetCloud : fleetz.</pre>';
    standIn.jenkins.on('POST', '/configuration-as-code/apply', reply(500, page, { 'content-type': 'text/html;charset=utf-8' }));
    expect(await failureOf(client().casc.apply(yaml))).toMatchObject({ code: 'refused', message: expect.stringContaining('EC2FleetCloud : fleetz.') });
  });

  it('says the plugin is missing when /configuration-as-code is not there', async () => {
    expect(await failureOf(client().casc.export())).toMatchObject({ code: 'not-found', message: expect.stringContaining('install the configuration-as-code plugin') });
  });

  it('needs Administer: a 403 names the user and the permission', async () => {
    standIn.jenkins.on('POST', '/configuration-as-code/apply', reply(403, '', { 'x-you-are-authenticated-as': 'fleet-portal', 'x-required-permission': 'hudson.model.Hudson.Administer' }));
    expect(await failureOf(client().casc.apply(yaml))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('needs hudson.model.Hudson.Administer') });
  });
});
