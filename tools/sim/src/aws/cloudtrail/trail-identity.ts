import { type TrailIdentity } from '../../world/cloud-trail.ts';
import { type Principal } from '../identities.ts';

/** CloudTrail's `userIdentity` of a signed request: an IAM user, or a role session with the role it came from. */
export function trailIdentity(caller: Principal): TrailIdentity {
  const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(caller.arn);
  if (assumed) {
    const [, account, role, session] = assumed as unknown as [string, string, string, string];
    return {
      type: 'AssumedRole',
      principalId: caller.userId,
      arn: caller.arn,
      accountId: caller.accountId,
      accessKeyId: caller.accessKeyId,
      userName: session,
      role: { arn: `arn:aws:iam::${account}:role/${role}`, name: role, principalId: caller.userId.split(':')[0] ?? caller.userId },
    };
  }
  return { type: 'IAMUser', principalId: caller.userId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId, userName: caller.arn.split('/').at(-1) ?? caller.arn };
}
