import type { AsgDetail } from './types';

/**
 * Where starting, cancelling and rolling back a refresh will go (issue 3, items 3–5). The guard
 * and the confirmation flow are built separately; until then the page has no action to offer.
 */
export function AsgActions(_props: { group: AsgDetail }) {
  return null;
}
