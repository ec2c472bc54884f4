import { AwsError } from './errors.ts';
import { type Principal } from './identities.ts';
import { type QueryParams } from './query-params.ts';
import { xmlDocument, type XmlObject } from './xml.ts';

export type CredentialProblem = 'missing' | 'malformed' | 'unknown-key' | 'invalid-token' | 'expired-token' | 'bad-signature';

/**
 * The two dialects of the AWS query protocol. EC2 answers with a bare `<requestId>` and
 * `<Response><Errors>` errors; awsQuery services (STS, AutoScaling) wrap results in `<XResult>`
 * and errors in `<ErrorResponse>`. Each also has its own codes for the same situations.
 */
export interface Protocol {
  success(action: string, xmlns: string, requestId: string, body: XmlObject): string;
  error(error: AwsError, xmlns: string, requestId: string): string;
  throttled(): AwsError;
  internalError(): AwsError;
  unknownAction(action: string, version: string): AwsError;
  credentials(problem: CredentialProblem): AwsError;
  denied(caller: Principal, service: string, action: string): AwsError;
  /** EC2's DryRun: a caller allowed to act gets this error instead of the effect. */
  dryRun(params: QueryParams): AwsError | undefined;
}

export const ec2Protocol: Protocol = {
  success: (action, xmlns, requestId, body) => xmlDocument(`${action}Response`, { xmlns }, { requestId, ...body }),
  error: (error, _xmlns, requestId) =>
    xmlDocument('Response', {}, { Errors: { Error: { Code: error.code, Message: error.message } }, RequestID: requestId }),
  throttled: () => new AwsError('RequestLimitExceeded', 'Request limit exceeded.', 503),
  internalError: () => new AwsError('InternalError', 'An internal error has occurred', 500),
  unknownAction: (action) => new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`),
  credentials: (problem) => {
    switch (problem) {
      case 'missing':
        return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 401);
      case 'malformed':
        return new AwsError('IncompleteSignature', 'Request must contain a signature that conforms to AWS standards');
      case 'expired-token':
        return new AwsError('RequestExpired', 'Request has expired.');
      default:
        return new AwsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    }
  },
  denied: (caller, service, action) =>
    new AwsError(
      'UnauthorizedOperation',
      `You are not authorized to perform this operation. User: ${caller.arn} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`,
      403,
    ),
  dryRun: (params) =>
    params.boolean('DryRun') ? new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412) : undefined,
};

export const awsQueryProtocol: Protocol = {
  success: (action, xmlns, requestId, body) =>
    xmlDocument(`${action}Response`, { xmlns }, { [`${action}Result`]: body, ResponseMetadata: { RequestId: requestId } }, 'member'),
  error: (error, xmlns, requestId) =>
    xmlDocument(
      'ErrorResponse',
      xmlns ? { xmlns } : {},
      { Error: { Type: error.status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message }, RequestId: requestId },
    ),
  throttled: () => new AwsError('Throttling', 'Rate exceeded'),
  internalError: () => new AwsError('InternalFailure', 'An internal error has occurred', 500),
  unknownAction: (action, version) => new AwsError('InvalidAction', `Could not find operation ${action} for version ${version}`),
  credentials: (problem) => {
    switch (problem) {
      case 'missing':
        return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
      case 'malformed':
        return new AwsError('IncompleteSignature', 'Request must contain a signature that conforms to AWS standards');
      case 'expired-token':
        return new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
      case 'bad-signature':
        return new AwsError(
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
          403,
        );
      default:
        return new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
  },
  denied: (caller, service, action) =>
    new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`, 403),
  dryRun: () => undefined,
};
