import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthConfig, LocalUserConfig } from '@fleet/core';

/** The password of every demo user when `auth.local.demo` is on; documented in docs/configuration.md. */
export const DEMO_PASSWORD = 'demo';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The configured user whose password this is, or null. Every failure looks the same from outside
 * (unknown user, wrong password, unset variable), so the answer tells nothing about who exists.
 */
export function verifyLocalUser(
  auth: AuthConfig,
  name: string,
  password: string,
  env: Readonly<Record<string, string | undefined>>,
): LocalUserConfig | null {
  const user = auth.local.users.find((u) => u.name === name);
  const expected = user ? (user.passwordEnv ? env[user.passwordEnv] : auth.local.demo ? DEMO_PASSWORD : undefined) : undefined;
  // Compare even when there is nothing to compare with, so timing does not tell users apart.
  const matches = timingSafeEqual(digest(password), digest(expected ?? `\u0000${password}`));
  return user && expected && matches ? user : null;
}
