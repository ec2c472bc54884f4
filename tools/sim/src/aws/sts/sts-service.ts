import { AwsError } from '../errors.ts';
import { type Identities } from '../identities.ts';
import { awsQueryProtocol } from '../protocol.ts';
import { reading, type QueryService } from '../service.ts';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
/** Without a MaxSessionDuration of its own, a role's sessions last at most an hour. */
const MAX_SESSION_SECONDS = 3600;

export function stsService(identities: Identities): QueryService {
  return {
    name: 'sts',
    version: '2011-06-15',
    xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
    protocol: awsQueryProtocol,
    actions: {
      GetCallerIdentity: reading(({ caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn })),
      AssumeRole: reading(({ params, caller, now }) => {
        const roleArn = params.string('RoleArn');
        const sessionName = params.string('RoleSessionName');
        if (!roleArn) throw notNull('roleArn');
        if (!sessionName) throw notNull('roleSessionName');
        if (!SESSION_NAME.test(sessionName)) {
          throw validation(`Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
        }
        const duration = params.integer('DurationSeconds') ?? 3600;
        if (duration < 900) throw validation(`Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`);
        if (duration > MAX_SESSION_SECONDS) throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
        const match = ROLE_ARN.exec(roleArn);
        if (!match?.[1] || !match[3] || !identities.knows(match[1])) {
          throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
        }
        const assumed = identities.assumeRole(match[1], match[3], sessionName, duration, now);
        return {
          Credentials: {
            AccessKeyId: assumed.credentials.accessKeyId,
            SecretAccessKey: assumed.credentials.secretAccessKey,
            SessionToken: assumed.credentials.sessionToken,
            Expiration: assumed.credentials.expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          },
          AssumedRoleUser: { AssumedRoleId: assumed.assumedRoleId, Arn: assumed.arn },
        };
      }),
    },
  };
}

const validation = (message: string) => new AwsError('ValidationError', `1 validation error detected: ${message}`);
const notNull = (member: string) => validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
