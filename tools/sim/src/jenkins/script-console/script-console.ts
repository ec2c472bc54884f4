import { type SimulatedJenkins } from '../../world/jenkins/simulated-jenkins.ts';
import { CLOUD_READ_MARKER, runCloudReadScript } from './cloud-read-script.ts';
import { CLOUD_SYNC_MARKER, runCloudSyncScript } from './cloud-sync-script.ts';
import { COMPILE_FRAMES, lineAt, readStringLiteral, RUN_FRAME, scriptFrame, sourceSample, stackTrace, unicodePass } from './groovy-text.ts';

/** Comments end where Groovy ends them; string literals are skipped whole so a `//` inside one stays. */
function withoutComments(source: string): string {
  let out = '';
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    if (char === "'" || char === '"') {
      const literal = readStringLiteral(source, index);
      const end = literal.ok ? literal.end : source.indexOf('\n', index) < 0 ? source.length : source.indexOf('\n', index);
      out += source.slice(index, end);
      index = end - 1;
    } else if (source.startsWith('//', index)) {
      const end = source.indexOf('\n', index);
      index = (end < 0 ? source.length : end) - 1;
    } else if (source.startsWith('/*', index)) {
      const end = source.indexOf('*/', index + 2);
      const comment = source.slice(index, end < 0 ? source.length : end + 2);
      out += comment.replace(/[^\n]/g, ' ');
      index += comment.length - 1;
    } else out += char;
  }
  return out;
}

type Step = { kind: 'print'; text: string; line: number } | { kind: 'value'; value: string; line: number } | { kind: 'unsupported'; line: number; statement: string };

function compileError(source: string, index: number, message: string): string {
  const line = lineAt(source, index);
  const column = index - source.lastIndexOf('\n', index - 1);
  const text = source.split('\n')[line - 1] ?? '';
  const exception = `org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:\nScript1.groovy: ${line}: ${message} @ line ${line}, column ${column}.\n${sourceSample(text, column)}\n\n1 error\n`;
  return stackTrace(exception, COMPILE_FRAMES);
}

/**
 * Reads the script as statements this console can run: `println`/`print` of a string literal
 * (with or without parentheses), `println()`, and a bare string literal as the script's value.
 */
function steps(source: string): Step[] | string {
  const found: Step[] = [];
  let index = 0;
  const skip = (pattern: RegExp) => {
    while (index < source.length && pattern.test(source[index] ?? '')) index += 1;
  };
  while (true) {
    skip(/[\s;]/);
    if (index >= source.length) return found;
    const start = index;
    const line = lineAt(source, start);
    // Everything from here on is left to the exception this statement ends with.
    const unsupported = (): Step[] => [...found, { kind: 'unsupported', line, statement: source.slice(start).split('\n')[0] ?? '' }];
    const call = /^(println|print)\b[ \t]*/.exec(source.slice(index));
    if (call) index += call[0].length;
    const parenthesised = call !== null && source[index] === '(';
    if (parenthesised) {
      index += 1;
      skip(/[ \t]/);
    }
    let text = '';
    if (source[index] === "'" || source[index] === '"') {
      const literal = readStringLiteral(source, index);
      if (!literal.ok) return compileError(source, index, literal.message);
      if (literal.interpolated) return unsupported();
      text = literal.value;
      index = literal.end;
    } else if (!(call && (parenthesised ? source[index] === ')' : /^[\s;]|^$/.test(source[index] ?? '')))) {
      return unsupported();
    }
    skip(/[ \t]/);
    if (parenthesised) {
      if (source[index] !== ')') return unsupported();
      index += 1;
      skip(/[ \t]/);
    }
    if (index < source.length && !/[\n;]/.test(source[index] ?? '')) return unsupported();
    found.push(call ? { kind: 'print', text: call[1] === 'println' ? `${text}\n` : text, line } : { kind: 'value', value: text, line });
  }
}

/**
 * `POST /scriptText`: what the Script Console prints for a script. The portal's two cloud scripts
 * (recognised by their first line) run against the controller's clouds; otherwise printed string
 * literals are printed and a script ending in a string literal answers `Result: <it>`, as
 * RemotingDiagnostics does; anything else fails with an exception's stack trace, in a 200 answer.
 */
export function runScript(controller: SimulatedJenkins, script: string): string {
  const source = unicodePass(script.replace(/\r\n/g, '\n'));
  const firstLine = source.split('\n')[0]?.trim();
  if (firstLine === CLOUD_SYNC_MARKER) return runCloudSyncScript(controller, source);
  if (firstLine === CLOUD_READ_MARKER) return runCloudReadScript(controller);
  const read = steps(withoutComments(source));
  if (typeof read === 'string') return read;
  let output = '';
  for (const step of read) {
    if (step.kind === 'unsupported') {
      const exception = `java.lang.UnsupportedOperationException: the simulated Script Console runs println and print of string literals and the fleet portal's cloud scripts, not: ${step.statement.trim()}`;
      return output + stackTrace(exception, [scriptFrame(step.line), RUN_FRAME]);
    }
    if (step.kind === 'print') output += step.text;
  }
  const last = read.at(-1);
  return last?.kind === 'value' ? `${output}Result: ${last.value}\n` : output;
}
