import type { JenkinsControllerConfig } from '@fleet/core';
import { createJenkinsClient, type JenkinsClient } from '@fleet/jenkins';

export class MissingTokenError extends Error {
  readonly code = 'config';
}

/** A controller's client; a user without a token in the environment is a configuration error, said at each run. */
export function jenkinsClientFor(controller: JenkinsControllerConfig, env: Readonly<Record<string, string | undefined>>): JenkinsClient | MissingTokenError {
  const token = env[controller.tokenEnv];
  if (controller.user && !token) {
    return new MissingTokenError(
      `jenkins.controllers ${controller.name}: user is ${controller.user} but ${controller.tokenEnv} is not set: put that user's API token in ${controller.tokenEnv}`,
    );
  }
  return createJenkinsClient({ url: controller.url, user: controller.user, token });
}

/** The client, or the configuration error as a failure of the sync that needs it. */
export function requireClient(client: JenkinsClient | MissingTokenError): JenkinsClient {
  if (client instanceof Error) throw client;
  return client;
}
