import { z } from 'zod';

/** Field shapes more than one config section uses, with the same message everywhere. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export function envVarName(example: string) {
  return z.string().regex(/^[A-Z_][A-Z0-9_]*$/, `must be the name of an environment variable, such as ${example}`);
}
