import { errorPage, type JenkinsAnswer, type JenkinsPage, type PageContext } from '../jenkins-route.ts';
import { applyCasc, checkCasc } from './casc-configure.ts';
import { exportCasc } from './casc-export.ts';

/** doCheck, doApply and doExport test the permission themselves and answer a bare 403. */
function administer(context: PageContext, answer: () => JenkinsAnswer): JenkinsAnswer {
  return context.caller.user.admin ? answer() : { status: 403, html: errorPage(403, 'Forbidden', 'Forbidden') };
}

/** Jenkins's error page for an exception it logged; the exception itself only shows with SHOW_STACK_TRACE. */
function oops(loggingId: string): string {
  return `<!DOCTYPE html><html><head><title>Jenkins [Jenkins]</title></head><body><div id="main-panel"><h1 style="text-align: center"><img src="/static/images/rage.svg" height="179" width="154"/> Oops!</h1><div id="error-description" style="text-align: center"><h2>A problem occurred while processing the request</h2><p>Logging ID=${loggingId}</p></div></div></body></html>\n`;
}

/**
 * The configuration-as-code plugin's HTTP API (ConfigurationAsCode: doExport, doCheck, doApply;
 * all @RequirePOST). check and apply read the request body as the YAML.
 */
export const cascPages: JenkinsPage[] = [
  {
    name: 'cascExport',
    method: 'POST',
    path: /^\/configuration-as-code\/export$/,
    permission: 'read',
    answer: (context) =>
      administer(context, () => ({
        status: 200,
        text: exportCasc(context.controller, context.baseUrl),
        headers: { 'Content-Type': 'application/x-yaml; charset=utf-8', 'Content-Disposition': 'attachment; filename=jenkins.yaml' },
      })),
  },
  {
    name: 'cascCheck',
    method: 'POST',
    path: /^\/configuration-as-code\/check$/,
    permission: 'read',
    answer: (context) =>
      administer(context, () => {
        const { status, issues } = checkCasc(context.controller, context.body.toString('utf8'));
        return { status, text: JSON.stringify(issues), headers: { 'Content-Type': 'application/json' } };
      }),
  },
  {
    name: 'cascApply',
    method: 'POST',
    path: /^\/configuration-as-code\/apply$/,
    permission: 'read',
    answer: (context) =>
      administer(context, () => {
        const applied = applyCasc(context.controller, context.body.toString('utf8'));
        return applied.ok ? { status: 200, text: '' } : { status: 500, html: oops(applied.loggingId) };
      }),
  },
];
