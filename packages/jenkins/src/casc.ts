import { z } from 'zod';
import { type Answer } from './answer.ts';
import { JenkinsFailure } from './failure.ts';
import { type JenkinsRequest, type JenkinsTransport } from './transport.ts';

/**
 * The Configuration as Code plugin's HTTP API, as io.jenkins.plugins.casc.ConfigurationAsCode serves it
 * (doExport, doCheck, doApply; all @RequirePOST, so a crumb is needed without an API token):
 * - export: SYSTEM_READ; 200 application/x-yaml attachment jenkins.yaml.
 * - check: ADMINISTER; the YAML is the raw body (read as UTF-8); 200 with a JSON array of the issues
 *   found ([] when none) or, since 2025-03 (#2648), 400 with [{"line":-1,"message":…}] when the YAML
 *   cannot be read or configured. Before that, issues were {"line","warning"} and errors a 500 page.
 * - apply: ADMINISTER; configures Jenkins from the controller's own CASC sources plus this YAML;
 *   200 with no body, or Jenkins's 500 "Oops!" page, which names the exception only when the
 *   controller runs with -Djenkins.model.Jenkins.SHOW_STACK_TRACE=true, and its logging id always.
 */
export interface CascIssue {
  /** null where the plugin could not say (it sends -1). */
  line: number | null;
  message: string;
}

export interface CascCheck {
  /** false when Jenkins could not read or would not apply the YAML; `issues` says why. */
  valid: boolean;
  issues: CascIssue[];
}

const issuesShape = z.array(
  z.object({ line: z.number().int().nullable().optional(), message: z.string().optional(), warning: z.string().optional() }).transform(
    (i): CascIssue => ({ line: i.line === undefined || i.line === null || i.line < 0 ? null : i.line, message: i.message ?? i.warning ?? '' }),
  ),
);

const YAML = 'application/x-yaml; charset=utf-8';

function post(transport: JenkinsTransport, action: 'export' | 'check' | 'apply', yaml?: string): Promise<Answer> {
  const request: JenkinsRequest = {
    method: 'POST',
    path: `/configuration-as-code/${action}`,
    subject: `the configuration-as-code ${action}`,
    body: yaml,
    contentType: yaml === undefined ? undefined : YAML,
    accept: '*/*',
    alsoAccept: [400, 500],
  };
  return transport.send(request).catch((error: unknown) => {
    if (error instanceof JenkinsFailure && error.code === 'not-found') {
      throw new JenkinsFailure('not-found', `Jenkins at ${transport.base} has no /configuration-as-code: install the configuration-as-code plugin`, 404, { cause: error });
    }
    throw error;
  });
}

const EXCEPTION_LINE = /((?:[\w$]+\.)+[\w$]*(?:Exception|Error))(?::|&#58;)\s*([^\n<]*)/;

function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|quot|#39|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", amp: '&' })[e] ?? _);
}

interface ErrorPage {
  /** "io.jenkins.plugins.casc.ConfiguratorException: …": only shown with -Djenkins.model.Jenkins.SHOW_STACK_TRACE=true. */
  exception: { className: string; line: string } | null;
  /** What oops.jelly always shows: the id under which the controller logged the exception. */
  loggingId: string | null;
}

async function readErrorPage(answer: Answer): Promise<ErrorPage> {
  const page = await answer.text(64 * 1024);
  const found = EXCEPTION_LINE.exec(page);
  const exception = found?.[1] ? { className: found[1], line: `${found[1]}: ${unescapeHtml(found[2] ?? '').trim()}` } : null;
  return { exception, loggingId: /Logging ID=([\w-]+)/.exec(page)?.[1] ?? null };
}

const isConfigurationError = (page: ErrorPage) => page.exception?.className.endsWith('ConfiguratorException') ?? false;

/** A ConfiguratorException is the YAML's fault; anything else, or an exception Jenkins does not show, is the controller's. */
function failureOf(base: string, action: string, status: number, page: ErrorPage): JenkinsFailure {
  if (page.exception && isConfigurationError(page)) {
    return new JenkinsFailure('refused', `Jenkins at ${base} refused the configuration-as-code ${action}: ${page.exception.line}`, status);
  }
  const what = page.exception ? `: ${page.exception.line}` : page.loggingId ? `; its log has the exception under ID ${page.loggingId}` : '';
  const hint = action === 'apply' ? ' (casc.check says what is wrong with a YAML)' : '';
  return new JenkinsFailure('server', `Jenkins at ${base} failed on the configuration-as-code ${action} (${status})${what}${hint}`, status);
}

export async function exportCasc(transport: JenkinsTransport): Promise<string> {
  const answer = await post(transport, 'export');
  if (answer.status >= 400) throw failureOf(transport.base, 'export', answer.status, await readErrorPage(answer));
  return answer.text();
}

export async function checkCasc(transport: JenkinsTransport, yaml: string): Promise<CascCheck> {
  const answer = await post(transport, 'check', yaml);
  if (answer.status === 500) {
    // Plugins before 2025-03 let a YAML that cannot be configured escape as an exception.
    const page = await readErrorPage(answer);
    if (page.exception && isConfigurationError(page)) return { valid: false, issues: [{ line: null, message: page.exception.line }] };
    throw failureOf(transport.base, 'check', 500, page);
  }
  return { valid: answer.status < 400, issues: await answer.json(issuesShape) };
}

export async function applyCasc(transport: JenkinsTransport, yaml: string): Promise<void> {
  const answer = await post(transport, 'apply', yaml);
  if (answer.status >= 400) throw failureOf(transport.base, 'apply', answer.status, await readErrorPage(answer));
  await answer.discard();
}
