export type ScriptOutputError = 'script-failed' | 'no-output' | 'bad-output';

export type ScriptOutputResult<T> = { ok: true; value: T } | { ok: false; code: ScriptOutputError; message: string };

/**
 * The Script Console answers 200 even when the script throws, with the exception's stack trace
 * as the body, so a missing result line is read as a failure whose first line says why.
 */
export function scriptFailure(script: 'read' | 'sync', text: string): Extract<ScriptOutputResult<never>, { ok: false }> {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim();
  if (!firstLine) {
    return { ok: false, code: 'no-output', message: `the clouds ${script} script printed nothing; check that the Script Console ran it (it needs Overall/Administer)` };
  }
  return { ok: false, code: 'script-failed', message: `the clouds ${script} script failed on the controller: ${firstLine}` };
}
