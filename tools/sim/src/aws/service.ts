import { type Principal } from './identities.ts';
import { type Protocol } from './protocol.ts';
import { type QueryParams } from './query-params.ts';
import { type XmlObject } from './xml.ts';

export interface ActionContext {
  params: QueryParams;
  caller: Principal;
  /** The region the request was signed for: each region of an account is a world of its own. */
  region: string;
  requestId: string;
  now: Date;
}

export interface Action {
  /** IAM denies mutating actions to read-only roles. */
  mutating: boolean;
  handle(context: ActionContext): XmlObject;
}

/** One AWS service on the query endpoint, told apart from the others by its API `Version`. */
export interface QueryService {
  /** The SigV4 signing name and IAM prefix, e.g. `ec2`. */
  name: string;
  version: string;
  xmlns: string;
  protocol: Protocol;
  actions: Record<string, Action>;
}

export const reading = (handle: Action['handle']): Action => ({ mutating: false, handle });
export const mutating = (handle: Action['handle']): Action => ({ mutating: true, handle });
