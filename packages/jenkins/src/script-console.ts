import { JenkinsFailure } from './failure.ts';
import { type JenkinsTransport } from './transport.ts';

/** The Script Console ran the script and it threw: Jenkins answered 200 with the stack trace in the output. */
export class ScriptFailure extends JenkinsFailure {
  constructor(
    message: string,
    /** What the script printed before it threw. */
    readonly output: string,
    readonly stackTrace: string,
  ) {
    super('script-failed', message, 200);
    this.name = 'ScriptFailure';
  }
}

// hudson.Functions.printThrowable: the root cause first, "Caused: " before each wrapper, "\tat " before each frame.
const THROWABLE_LINE = /^(?:Caused: )?(?:[a-zA-Z_$][\w$]*\.)+[\w$]*(?:Exception|Error|Throwable)\b(?::.*)?$/;
const FRAME = /^\s+at /;

/**
 * Where a stack trace starts in Script Console output, if one does: a line naming a Throwable's class
 * with stack frames after it. A script that merely prints the word "Exception" does not count.
 */
export function stackTraceIn(output: string): { before: string; summary: string; trace: string } | null {
  const lines = output.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!THROWABLE_LINE.test(line)) continue;
    const frame = lines.findIndex((l, j) => j > i && FRAME.test(l));
    if (frame < 0) return null;
    // Groovy's compilation errors end the first line with ':' and give the reason on the next.
    const next = lines[i + 1]?.trim();
    const summary = line.endsWith(':') && next && !FRAME.test(lines[i + 1] ?? '') ? `${line} ${next}` : line;
    return { before: lines.slice(0, i).join('\n'), summary, trace: lines.slice(i).join('\n') };
  }
  return null;
}

/**
 * Runs a Groovy script on the controller (POST /scriptText, form field `script`; needs Administer)
 * and returns what it printed, with "Result: <value>" last when the script's value was not null.
 */
export async function runScript(transport: JenkinsTransport, groovy: string): Promise<string> {
  const answer = await transport.send({
    method: 'POST',
    path: '/scriptText',
    subject: 'the Script Console',
    body: new URLSearchParams({ script: groovy }).toString(),
    contentType: 'application/x-www-form-urlencoded',
    accept: 'text/plain',
  });
  const output = await answer.text();
  const thrown = stackTraceIn(output);
  if (thrown) throw new ScriptFailure(`Jenkins at ${transport.base} ran the script and it threw ${thrown.summary}`, thrown.before, thrown.trace);
  return output;
}
