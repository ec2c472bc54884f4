import { z } from 'zod';
import { durationSchema } from './duration.ts';
import { isTimeZone } from './guard/zoned-time.ts';
import { actingRoleSchema, EVERYONE_GROUP, roleSchema } from './guard/roles.ts';

const pattern = z
  .string()
  .min(1, 'must not be empty; use * for every name')
  .max(200)
  .regex(/^[\w.*?:/@+-]+$/, 'may hold letters, digits, . _ - : / @ + and the wildcards * and ?');

const clock = z
  .string()
  .regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day such as 08:00 (24-hour clock; 24:00 is the end of the day)');

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Berlin');

const weeklyWindow = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS, { error: 'must be one of sun, mon, tue, wed, thu, fri, sat' })).min(1, 'must list at least one day'),
    /** Wall-clock start on each listed day, in `timezone`. */
    from: clock,
    /** Wall-clock end; at or before `from` means the window runs into the next day. */
    to: clock,
    timezone: timeZone.default('UTC'),
  })
  .superRefine((window, ctx) => {
    if (window.from === '24:00') ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before 24:00; write 00:00 and list the next day' });
    if (window.from === window.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must differ from `from`; for a whole day write from: "00:00", to: "24:00"' });
    }
  });

const isoInstant = z.iso
  .datetime({ offset: true, error: 'must be a date and time with its offset, such as 2026-12-20T00:00:00Z or 2026-12-20T08:00:00+01:00' })
  .transform((text) => new Date(text));

const onceWindow = z
  .strictObject({ from: isoInstant, to: isoInstant })
  // Only compare two valid instants: a malformed `from` is reported once, as itself.
  .refine((window) => window.from < window.to, { path: ['to'], message: 'must be after `from`', when: (payload) => payload.issues.length === 0 });

const freezeWindow = z
  .strictObject({
    /** Shown to the user: "frozen until … by '<name>'". */
    name: z.string().min(1).max(100),
    weekly: weeklyWindow.optional(),
    once: onceWindow.optional(),
    actions: z.array(pattern).min(1).default(['*']),
    targets: z.array(pattern).min(1).default(['*']),
  })
  .superRefine((window, ctx) => {
    if ((window.weekly === undefined) === (window.once === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'must have exactly one of `weekly` (repeating) or `once` (one period)' });
    }
  });

const policy = z.strictObject({
  /** An action name such as asg.refresh.start, or a pattern such as asg.refresh.*. */
  action: pattern,
  /** A target name pattern such as ci-int-*-prod*; every target when left out. */
  target: pattern.default('*'),
  /** The least role that may run it here; when left out, `defaultRole` (or the action's own minimum). */
  role: actingRoleSchema.optional(),
  /** A second person with the role must approve before it runs. */
  fourEyes: z.boolean().default(false),
  /** How long after the last successful run on the same target the next may start. */
  coolDown: durationSchema.optional(),
});

export const accessConfigSchema = z
  .strictObject({
    /** Group → role; `*` is every signed-in user. A user gets the highest role of their groups. */
    groups: z.record(z.string().min(1), roleSchema).default({ [EVERYONE_GROUP]: 'viewer' }),
    /** The least role for an action no policy names (an action's own minimum may be higher). */
    defaultRole: actingRoleSchema.default('operator'),
    /** How many characters a reason for an action must have at least. */
    reasonMinLength: z.number().int().min(1).max(500).default(10),
    /** How long a four-eyes request waits for a second person; after that nobody may approve it. */
    approvalExpiry: durationSchema.default(24 * 3_600_000),
    policies: z.array(policy).default([]),
    freezeWindows: z.array(freezeWindow).default([]),
  })
  .superRefine((access, ctx) => {
    const names = new Set<string>();
    access.freezeWindows.forEach((window, index) => {
      if (names.has(window.name)) ctx.addIssue({ code: 'custom', path: ['freezeWindows', index, 'name'], message: `duplicate freeze window "${window.name}"` });
      names.add(window.name);
    });
  });

export type AccessPolicy = z.output<typeof policy>;
export type FreezeWindow = z.output<typeof freezeWindow>;
export type WeeklyWindow = z.output<typeof weeklyWindow>;
