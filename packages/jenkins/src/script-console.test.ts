import { describe, expect, it } from 'vitest';
import { ScriptFailure, stackTraceIn } from './script-console.ts';
import { failureOf, fixture, reply, useStandInJenkins } from './test/stand-in-jenkins.ts';

const text = (body: string) => reply(200, body, { 'content-type': 'text/plain;charset=UTF-8' });

describe('the Script Console', () => {
  const standIn = useStandInJenkins();

  const client = () => standIn.client();

  it('posts the script as the form field `script` and returns what it printed', async () => {
    standIn.jenkins.on('POST', '/scriptText', text(fixture('script-result.txt')));
    const script = 'Jenkins.instance.clouds.size() // 1 & more';
    expect(await client().runScript(script)).toBe('Result: 1\n');
    const [post] = standIn.jenkins.requests;
    expect(post?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(post?.body).get('script')).toBe(script);
  });

  it('fails with the exception’s line when the script threw, though Jenkins answered 200', async () => {
    standIn.jenkins.on('POST', '/scriptText', text(fixture('script-threw.txt')));
    const failure = await failureOf(client().runScript('throw new IllegalStateException("no cloud named ci-int-workers")'));
    expect(failure).toBeInstanceOf(ScriptFailure);
    expect(failure).toMatchObject({
      code: 'script-failed',
      message: expect.stringContaining('threw java.lang.IllegalStateException: no cloud named ci-int-workers'),
      output: 'checked 2 clouds',
      stackTrace: expect.stringContaining('\tat Script1.run(Script1.groovy:3)'),
    });
  });

  it('gives a compilation error’s reason, on the line after the exception', async () => {
    standIn.jenkins.on('POST', '/scriptText', text(fixture('script-compile-error.txt')));
    expect(await failureOf(client().runScript('}'))).toMatchObject({
      code: 'script-failed',
      message: expect.stringContaining('MultipleCompilationErrorsException: startup failed: Script1.groovy: 1: unexpected token: } @ line 1, column 1.'),
    });
  });

  it('does not take a printed word "Exception" for a stack trace', () => {
    expect(stackTraceIn('java.lang.IllegalStateException is what we throw when a cloud is missing\nResult: 0\n')).toBeNull();
    expect(stackTraceIn('clouds checked, 0 Exception(s)\nResult: ok\n')).toBeNull();
  });

  it('finds a wrapped exception’s root cause first, as Jenkins prints it', () => {
    const output = 'java.io.IOException: disk full\n\tat Script1.run(Script1.groovy:1)\nCaused: java.lang.RuntimeException: save failed\n\tat Script1.run(Script1.groovy:1)\n';
    expect(stackTraceIn(output)?.summary).toBe('java.io.IOException: disk full');
  });

  it('needs Administer: a 403 names the permission', async () => {
    standIn.jenkins.on('POST', '/scriptText', reply(403, '', { 'x-you-are-authenticated-as': 'fleet-portal', 'x-required-permission': 'hudson.model.Hudson.Administer' }));
    expect(await failureOf(client().runScript('1'))).toMatchObject({ code: 'forbidden', message: expect.stringContaining('the Script Console') });
  });
});
