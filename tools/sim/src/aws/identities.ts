import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Who signed a request. */
export interface Principal {
  accountId: string;
  arn: string;
  userId: string;
  accessKeyId: string;
  /** A role named read-only: IAM denies it every mutating action. */
  readOnly: boolean;
}

export type KeyLookup =
  | { ok: true; principal: Principal; secretAccessKey: string }
  | { ok: false; problem: 'unknown-key' | 'expired-token' | 'invalid-token' };

export interface AssumedRole {
  credentials: Required<AwsCredentials>;
  arn: string;
  assumedRoleId: string;
}

interface SessionClaims {
  account: string;
  role: string;
  session: string;
  expires: number;
  nonce: string;
}

const DEMO_USER = 'fleet-portal';
/** A person with console access in every account: what she changes, she changes outside the portal. */
export const CONSOLE_USER = 'dana';

/**
 * The credentials the simulator accepts. Each configured account has one fixed demo key pair
 * (`AKIA<account id>DEMO`); AssumeRole hands out temporary keys whose session token carries its
 * own claims under an HMAC, so they stay valid across restarts of a simulator with the same seed.
 */
export class Identities {
  private readonly tokenKey: Buffer;

  constructor(
    private readonly accountIds: readonly string[],
    seed: string | number,
  ) {
    this.tokenKey = createHash('sha256').update(`fleet-sim/sts/${seed}`).digest();
  }

  knows(accountId: string): boolean {
    return this.accountIds.includes(accountId);
  }

  credentialsFor(accountId: string): AwsCredentials {
    if (!this.knows(accountId)) throw new Error(`account ${accountId} is not in the fleet config`);
    return {
      accessKeyId: `AKIA${accountId}DEMO`,
      secretAccessKey: createHash('sha256').update(`fleet-sim/secret/${accountId}`).digest('base64').slice(0, 40),
    };
  }

  /** The fixed key pair of the console user (CONSOLE_USER) in a configured account. */
  consoleCredentialsFor(accountId: string): AwsCredentials {
    if (!this.knows(accountId)) throw new Error(`account ${accountId} is not in the fleet config`);
    return {
      accessKeyId: `AKIA${accountId}DANA`,
      secretAccessKey: createHash('sha256').update(`fleet-sim/secret/${accountId}/${CONSOLE_USER}`).digest('base64').slice(0, 40),
    };
  }

  lookup(accessKeyId: string, sessionToken: string | undefined, now: Date): KeyLookup {
    const console = /^AKIA(\d{12})DANA$/.exec(accessKeyId);
    if (console?.[1] && this.knows(console[1])) {
      const accountId = console[1];
      return {
        ok: true,
        secretAccessKey: this.consoleCredentialsFor(accountId).secretAccessKey,
        principal: { accountId, arn: `arn:aws:iam::${accountId}:user/${CONSOLE_USER}`, userId: stableId('AIDA', `${accountId}/${CONSOLE_USER}`), accessKeyId, readOnly: false },
      };
    }
    const demo = /^AKIA(\d{12})DEMO$/.exec(accessKeyId);
    if (demo?.[1] && this.knows(demo[1])) {
      const accountId = demo[1];
      return {
        ok: true,
        secretAccessKey: this.credentialsFor(accountId).secretAccessKey,
        principal: { accountId, arn: `arn:aws:iam::${accountId}:user/${DEMO_USER}`, userId: stableId('AIDA', `${accountId}/${DEMO_USER}`), accessKeyId, readOnly: false },
      };
    }
    if (!accessKeyId.startsWith('ASIA')) return { ok: false, problem: 'unknown-key' };
    if (!sessionToken) return { ok: false, problem: 'unknown-key' };
    const claims = this.readToken(sessionToken);
    if (!claims || this.sessionKeyId(sessionToken) !== accessKeyId) return { ok: false, problem: 'invalid-token' };
    if (claims.expires * 1000 <= now.getTime()) return { ok: false, problem: 'expired-token' };
    return { ok: true, secretAccessKey: this.sessionSecret(sessionToken), principal: this.sessionPrincipal(claims, accessKeyId) };
  }

  assumeRole(accountId: string, roleName: string, session: string, durationSeconds: number, now: Date): AssumedRole {
    const claims: SessionClaims = {
      account: accountId,
      role: roleName,
      session,
      expires: Math.floor(now.getTime() / 1000) + durationSeconds,
      nonce: randomBytes(8).toString('hex'),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64');
    const token = `${payload}.${this.mac(`token:${payload}`).toString('base64')}`;
    const accessKeyId = this.sessionKeyId(token);
    const principal = this.sessionPrincipal(claims, accessKeyId);
    return {
      credentials: { accessKeyId, secretAccessKey: this.sessionSecret(token), sessionToken: token, expiration: new Date(claims.expires * 1000) },
      arn: principal.arn,
      assumedRoleId: principal.userId,
    };
  }

  private sessionPrincipal(claims: SessionClaims, accessKeyId: string): Principal {
    return {
      accountId: claims.account,
      arn: `arn:aws:sts::${claims.account}:assumed-role/${claims.role}/${claims.session}`,
      userId: `${stableId('AROA', `${claims.account}/${claims.role}`)}:${claims.session}`,
      accessKeyId,
      readOnly: /read-?only/i.test(claims.role),
    };
  }

  private readToken(token: string): SessionClaims | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return undefined;
    const expected = this.mac(`token:${payload}`);
    const given = Buffer.from(signature, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as SessionClaims;
    } catch {
      return undefined;
    }
  }

  private sessionKeyId(token: string): string {
    return `ASIA${base32(this.mac(`key:${token}`)).slice(0, 16)}`;
  }

  private sessionSecret(token: string): string {
    return this.mac(`secret:${token}`).toString('base64').slice(0, 40);
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.tokenKey).update(text).digest();
  }
}

/** IAM's unique ids: a type prefix and 17 upper-case letters and digits. */
function stableId(prefix: string, name: string): string {
  return `${prefix}${base32(createHash('sha256').update(name).digest()).slice(0, 17)}`;
}

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
