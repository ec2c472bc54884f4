import { z } from 'zod';
import { bounded } from '../console-log/line-splitter.ts';

/** What a person needs from a failed task's result: its message, and stderr when it says more. */
export interface ResultMessage {
  message: string;
  stderr: string | null;
  rc: number | null;
}

const MESSAGE_LINES = 3;
const MESSAGE_CHARS = 500;
const STDERR_CHARS = 300;

const taskResult = z.looseObject({
  msg: z.unknown().optional(),
  stderr: z.unknown().optional(),
  module_stderr: z.unknown().optional(),
  rc: z.unknown().optional(),
});

/** From a JSON task result (the default result format); a result cut short still gives its msg. */
export function messageFromJson(payload: string): ResultMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return messageFromParts(jsonField(payload, 'msg'), jsonField(payload, 'stderr'), jsonNumber(payload, 'rc'));
  }
  return messageFromResult(parsed);
}

/** From a task result already parsed, as the JSON callback holds it. */
export function messageFromResult(value: unknown): ResultMessage {
  const result = taskResult.safeParse(value);
  if (!result.success) return messageFromParts(null, null, null);
  const { msg, stderr, module_stderr: moduleStderr, rc } = result.data;
  const text = typeof msg === 'string' ? msg : msg === undefined ? null : JSON.stringify(msg);
  const errorOutput = typeof stderr === 'string' && stderr.trim() ? stderr : typeof moduleStderr === 'string' ? moduleStderr : null;
  return messageFromParts(text, errorOutput, typeof rc === 'number' ? rc : null);
}

/**
 * From a task result printed as YAML (result_format = yaml): the lines after the failure line,
 * indented by four spaces, with long scalars folded onto further-indented lines.
 */
export function messageFromYaml(lines: readonly string[]): ResultMessage {
  const rc = yamlScalar(lines, 'rc');
  return messageFromParts(yamlScalar(lines, 'msg'), yamlScalar(lines, 'stderr'), rc !== null && /^-?\d+$/.test(rc) ? Number(rc) : null);
}

function messageFromParts(msg: string | null, stderr: string | null, rc: number | null): ResultMessage {
  const message = msg === null ? 'no message' : firstLines(msg, MESSAGE_LINES, MESSAGE_CHARS) || 'empty message';
  const stderrLine = stderr?.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
  const saysMore = stderrLine !== null && !message.includes(stderrLine);
  return { message, stderr: saysMore ? bounded(stderrLine, STDERR_CHARS) : null, rc };
}

function firstLines(text: string, lines: number, chars: number): string {
  const kept = text
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .slice(0, lines)
    .join('\n');
  return bounded(kept, chars);
}

/** A string field of a JSON object that may be cut off after it. */
function jsonField(payload: string, key: string): string | null {
  const match = new RegExp(`"${key}": "((?:[^"\\\\]|\\\\.)*)"`).exec(payload);
  if (!match) return null;
  try {
    return JSON.parse(`"${match[1]}"`) as string;
  } catch {
    return match[1]!;
  }
}

function jsonNumber(payload: string, key: string): number | null {
  const match = new RegExp(`"${key}": (-?\\d+)[,}]`).exec(payload);
  return match ? Number(match[1]) : null;
}

/** A top-level scalar of the indented YAML block: plain, quoted or a `|` / `>` block. */
function yamlScalar(lines: readonly string[], key: string): string | null {
  const prefix = `    ${key}:`;
  const start = lines.findIndex((line) => line.startsWith(prefix));
  if (start === -1) return null;
  const head = lines[start]!.slice(prefix.length).trim();
  const rest: string[] = [];
  for (let index = start + 1; index < lines.length && /^ {5}/.test(lines[index]!); index++) rest.push(lines[index]!.trim());

  if (head.startsWith('|') || head.startsWith('>')) return rest.join(head.startsWith('|') ? '\n' : ' ');
  const folded = [head, ...rest].join(' ');
  if (folded.startsWith("'")) return folded.replace(/^'|'$/g, '').replace(/''/g, "'");
  if (folded.startsWith('"')) {
    try {
      return JSON.parse(folded) as string;
    } catch {
      return folded.replace(/^"|"$/g, '');
    }
  }
  return folded;
}
