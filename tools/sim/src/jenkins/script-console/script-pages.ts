import { type JenkinsPage } from '../jenkins-route.ts';
import { runScript } from './script-console.ts';

/** `POST /scriptText` (Jenkins.doScriptText): the form's `script`, run by the Script Console; 200 with what it printed, whatever happened. */
export const scriptTextPage: JenkinsPage = {
  name: 'scriptText',
  method: 'POST',
  path: /^\/scriptText$/,
  permission: 'administer',
  answer: ({ controller, form }) => ({ status: 200, text: runScript(controller, form.get('script') ?? '') }),
};
