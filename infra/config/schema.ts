import * as z from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '#domain/categories';
import { WEEKDAYS, type Weekday } from '#domain/holidays-schedule';
import { dayModelIssues, dayModelSchema } from '#domain/planning/day-model';

/**
 * The city configuration: everything a city writes to deploy minwon365 (`infra/config/<city>.ts`).
 * Validated when the app synthesizes; every error names the field path.
 */

const E164 = /^\+[1-9]\d{6,14}$/;
const KEBAB_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export { WEEKDAYS, type Weekday };

const e164 = z.string().regex(E164, 'must be an E.164 number such as +82432010001');
const kebabId = z.string().regex(KEBAB_ID, 'must be a kebab-case ASCII id such as "roads"');
const hhmm = z.string().regex(HH_MM, 'must be a 24-hour time HH:MM');

const isRealDate = (value: string): boolean => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const timeRange = z.object({ start: hhmm, end: hhmm }).refine((range) => range.end > range.start, {
  message: 'end must be after start',
  path: ['end'],
});

export const provisioningSchema = z.discriminatedUnion('type', [
  z.object({
    /** A number already in Connect (Korean numbers normally arrive by porting). */
    type: z.literal('existing'),
    phoneNumberArn: z.string().regex(/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:phone-number\/[\w-]+$/, {
      message: 'must be a Connect phone-number ARN',
    }),
    /** true when the ARN is an illustration, to be replaced once the number is ported. */
    sample: z.boolean().default(false),
  }),
  z.object({
    /** Claim a new number from Connect's inventory (dev stages). */
    type: z.literal('claim'),
    countryCode: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code'),
    numberType: z.enum(['DID', 'TOLL_FREE']),
    prefix: z
      .string()
      .regex(/^\+\d{1,15}$/, 'must be "+" followed by digits')
      .optional(),
  }),
  z.object({
    /** No number in this stage (the entry point is reachable only in the simulator). */
    type: z.literal('none'),
  }),
]);
export type Provisioning = z.infer<typeof provisioningSchema>;

export const entryPointSchema = z.object({
  id: kebabId,
  nameKo: z.string().min(1),
  /** The number as citizens know it, e.g. 043-201-0001. */
  displayNumber: z.string().regex(/^[\d-]+$/, 'must contain digits and dashes only'),
  number: e164,
  /** true when the number could not be confirmed and is an illustration. */
  sample: z.boolean().default(false),
  /** How the number reaches Connect, per stage name. */
  provisioning: z.record(z.string(), provisioningSchema),
});
export type EntryPoint = z.infer<typeof entryPointSchema>;

/**
 * A city-specific dated override (a closure, a special day): `closed: true`, or the day's hours.
 * Public holidays are not listed here: they are generated (`holidays`).
 */
export const manualOverrideSchema = z
  .object({
    date: z.string().regex(ISO_DATE, 'must be YYYY-MM-DD').refine(isRealDate, 'is not a calendar date'),
    nameKo: z.string().min(1),
    /** Closed all day (then no `start`/`end`). */
    closed: z.boolean().optional(),
    start: hhmm.optional(),
    end: hhmm.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.closed) {
      if (o.start !== undefined || o.end !== undefined)
        ctx.addIssue({ code: 'custom', path: ['closed'], message: 'a closed day has no start/end' });
      return;
    }
    if (o.start === undefined || o.end === undefined) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'needs start and end, or closed: true' });
    } else if (o.end <= o.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    }
  });
export type ManualOverride = z.infer<typeof manualOverrideSchema>;

/**
 * Which hours apply on public holidays: a weekday's weekly hours (`SUNDAY`, the default: Korean
 * call centers keep weekend hours on holidays), fixed hours, or `closed`.
 */
export const holidayHoursSchema = z.union([z.enum(WEEKDAYS), timeRange, z.literal('closed')]);

export const holidaysSchema = z.object({
  /**
   * Whose public holidays are generated: `KR` (functions/domain/holidays.ts: the gazette, then
   * the rules), or `none`.
   */
  calendar: z.enum(['KR', 'none']).default('KR'),
  hours: holidayHoursSchema.default('SUNDAY'),
});

export const hoursSchema = z.object({
  /** Days absent from `weekly` are closed. */
  weekly: z.partialRecord(z.enum(WEEKDAYS), timeRange),
  /** Public holidays: generated for a rolling window at synth (functions/domain/holidays-schedule.ts). */
  holidays: holidaysSchema.prefault({}),
  /** City-specific closures and special days, in the city's time zone; they win over a holiday. */
  overrides: z.array(manualOverrideSchema).default([]),
});
export type Hours = z.infer<typeof hoursSchema>;

export const categorySchema = z.object({
  code: z.enum(CATEGORY_CODES),
  nameKo: z.string().min(1),
  /** Share of calls in the seed data (0..1), a dashboard baseline. */
  seedShare: z.number().min(0).max(1),
});

export const transferSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue') }),
  z.object({ type: z.literal('phone'), number: e164, sample: z.boolean().default(false) }),
]);

export const departmentSchema = z.object({
  id: kebabId,
  nameKo: z.string().min(1),
  /** Categories this department owns; empty for departments reached only by explicit transfer. */
  categories: z.array(z.enum(CATEGORY_CODES)),
  transfer: transferSchema,
  /** Hours allowed from receipt to completion of a report. */
  slaHours: z.number().int().positive(),
  /**
   * Who reads the department's queue: `desk` (default) — the inbox-consumer function stores every
   * message for the desk's 부서 inbox; `external` — the department's own system receives from the
   * queue itself (docs/contracts.md, "Department queue message"), and the desk inbox stays empty.
   */
  inbox: z.enum(['desk', 'external']).default('desk'),
});
export type Department = z.infer<typeof departmentSchema>;

/** The SLA job (functions/sla-check): how often it runs, the warning window, the alarm. */
export const slaSchema = z.object({
  /** A ticket due within this many hours is "due soon" (기한 임박) and its department is told. */
  warnHours: z.number().positive().max(168).default(24),
  /** Minutes between runs of the EventBridge Scheduler schedule. */
  checkEveryMinutes: z.number().int().min(5).max(60).default(15),
  /** The overdue alarm fires when a run finds at least this many newly overdue tickets. */
  overdueAlarmThreshold: z.number().int().min(1).default(1),
});

/**
 * Texting citizens the result of their report (functions/citizen-notifier) through AWS End User
 * Messaging SMS. The origination identity (a registered sender ID, phone number or pool, as an
 * ARN) must be registered for Korea before `send` works (README, "Citizen SMS").
 */
export const smsSchema = z.object({
  originationIdentity: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(?:phone-number|pool|sender-id)\/[A-Za-z0-9_/-]+$/,
      'must be the ARN of an End User Messaging SMS phone number, pool or sender ID',
    ),
  configurationSetName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  /** Per stage: `send` texts citizens, `dry-run` validates without sending, `off` (default) only logs. */
  modes: z.record(z.string(), z.enum(['send', 'dry-run', 'off'])).default({}),
  /** The identity is an illustration until the city's registration is approved. */
  sample: z.boolean().default(false),
});

const CONNECT_INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):\d{12}:instance\/[-a-zA-Z0-9]+$/;

export const connectInstanceSchema = z.discriminatedUnion('type', [
  z.object({
    /** Create a CONNECT_MANAGED instance (inbound and outbound calls, flow logs, Contact Lens). */
    type: z.literal('create'),
    /** Globally unique; it becomes `https://<alias>.my.connect.aws`. */
    alias: z
      .string()
      .max(45, 'must be at most 45 characters')
      .regex(/^(?!d-)[\da-zA-Z]+(?:-+[\da-zA-Z]+)*$/, {
        message: 'must be letters, digits and dashes, not starting with "d-" nor ending with "-"',
      }),
  }),
  z.object({
    /** Use an instance that already exists (its users, numbers and agents stay as they are). */
    type: z.literal('existing'),
    arn: z.string().regex(CONNECT_INSTANCE_ARN, 'must be a Connect instance ARN'),
    /**
     * Point the instance's call recordings and contact trace records at this app's bucket and
     * stream. Off by default: an existing instance usually has its own storage configured, and
     * Connect allows one storage config per resource type.
     */
    manageStorage: z.boolean().default(false),
  }),
]);
export type ConnectInstanceConfig = z.infer<typeof connectInstanceSchema>;

export const connectSchema = z.object({
  /** The Connect instance per stage name. */
  instance: z.record(z.string(), connectInstanceSchema),
  /** Most calls waiting in the counselor queue before new callers hear the busy branch. */
  counselorQueueMaxContacts: z.number().int().min(1).max(10_000),
  /** Most calls waiting in each department queue. */
  departmentQueueMaxContacts: z.number().int().min(1).max(10_000),
  /**
   * Seconds a caller waits in the counselor queue before the first offer of a queued call-back (then
   * again after each further interval of the same length); a multiple of 30, 30–1800.
   */
  callbackOfferAfterSeconds: z
    .number()
    .int()
    .min(30)
    .max(1800)
    .refine((s) => s % 30 === 0, 'must be a multiple of 30 (the hold message interval)')
    .default(120),
  /** Days the contact trace record stream keeps records (1–365). */
  contactTraceRecordRetentionDays: z.number().int().min(1).max(365).default(7),
  /**
   * Per stage: the entry point whose number is the outbound caller ID of every queue that places
   * calls to citizens — the counselor queue (queued call-backs) and each department queue (staff
   * calling a call-back ticket back). It must be able to dial Korean numbers: a number ported into
   * Connect (`existing`) or a claimed Korean DID — not a toll-free number ("Amazon Connect does not
   * support the use of toll-free numbers for international calling",
   * https://docs.aws.amazon.com/connect/latest/adminguide/outbound-calling-restrictions.html; only
   * numbers claimed or ported to Connect can be caller IDs,
   * https://docs.aws.amazon.com/connect/latest/adminguide/queues-callerid.html). `null`: the stage
   * has no such number (its call-backs cannot reach Korean phones; synth says so); not allowed for a
   * stage that retains its resources.
   */
  outboundCallerId: z.record(z.string(), z.string().regex(KEBAB_ID, 'must be an entry-point id').nullable()),
});
export type ConnectConfig = z.infer<typeof connectSchema>;

/** The 상담DB's settings (README "Configuration reference", docs/contracts.md "상담DB lifecycle"). */
export const kbSchema = z.object({
  /** Months after a publish until the owning department must review the answer again. */
  reviewMonths: z.number().int().min(1).max(120).default(12),
  /** Days the desk's search log is kept (TTL); masked queries only, still personal-data adjacent. */
  searchLogRetentionDays: z.number().int().min(1).max(3650).default(90),
  /** Days counselors' feedback on entries is kept (TTL). */
  feedbackRetentionDays: z.number().int().min(1).max(3650).default(365),
  /** Seconds between a container's checks for published changes (a publish is searchable within it). */
  refreshSeconds: z.number().int().min(1).max(60).default(15),
  /** Minutes between compactions of the published changes into a new index snapshot. */
  compactEveryMinutes: z.number().int().min(5).max(1440).default(15),
});
export type KbConfig = z.infer<typeof kbSchema>;

export const stageSchema = z.object({
  /** AWS account; absent means an environment-agnostic synth. */
  account: z
    .string()
    .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
    .optional(),
  region: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d$/, 'must be an AWS region such as ap-northeast-2'),
  removalPolicy: z.enum(['destroy', 'retain']),
  logRetentionDays: z.number().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
  }),
  alarmEmail: z.email('must be an e-mail address'),
  /** Subscribed to the SLA topic (overdue tickets); optional — managers' tools may subscribe instead. */
  managersEmail: z.email('must be an e-mail address').optional(),
  ticketRetentionDays: z.number().int().positive(),
});
export type StageConfig = z.infer<typeof stageSchema>;

const stageInput = stageSchema.extend({ region: stageSchema.shape.region.default('ap-northeast-2') });

export const cityConfigSchema = z
  .object({
    /** Short ASCII name used in stack names, e.g. cheongju. */
    id: kebabId,
    name: z.object({ ko: z.string().min(1), en: z.string().min(1) }),
    timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Seoul'),
    voice: z.object({ id: z.string().min(1), engine: z.enum(['standard', 'neural', 'generative']) }),
    entryPoints: z.array(entryPointSchema).min(1),
    hours: hoursSchema,
    categories: z.array(categorySchema).min(1),
    departments: z.array(departmentSchema).min(1),
    connect: connectSchema,
    sla: slaSchema.default({ warnHours: 24, checkEveryMinutes: 15, overdueAlarmThreshold: 1 }),
    sms: smsSchema.optional(),
    kb: kbSchema.prefault({}),
    stages: z.record(kebabId, stageInput),
    /** How calls arrive and behave over a day: the staffing planner's and day sampler's input (README "Day model"). */
    dayModel: dayModelSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const duplicates = (values: string[], path: (i: number) => (string | number)[], what: string) => {
      const seen = new Set<string>();
      values.forEach((value, i) => {
        if (seen.has(value))
          ctx.addIssue({ code: 'custom', path: path(i), message: `duplicate ${what} "${value}"` });
        seen.add(value);
      });
    };
    duplicates(
      config.entryPoints.map((e) => e.id),
      (i) => ['entryPoints', i, 'id'],
      'entry-point id',
    );
    duplicates(
      config.entryPoints.map((e) => e.number),
      (i) => ['entryPoints', i, 'number'],
      'entry-point number',
    );
    duplicates(
      config.categories.map((c) => c.code),
      (i) => ['categories', i, 'code'],
      'category',
    );
    duplicates(
      config.departments.map((d) => d.id),
      (i) => ['departments', i, 'id'],
      'department id',
    );
    duplicates(
      config.hours.overrides.map((o) => o.date),
      (i) => ['hours', 'overrides', i, 'date'],
      'override date',
    );

    const declared = new Set<CategoryCode>(config.categories.map((c) => c.code));
    const owner = new Map<CategoryCode, string>();
    config.departments.forEach((department, d) => {
      for (const code of department.categories) {
        const path = ['departments', d, 'categories'];
        if (!declared.has(code)) {
          ctx.addIssue({ code: 'custom', path, message: `category "${code}" is not in categories` });
        }
        const previous = owner.get(code);
        if (previous !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path,
            message: `category "${code}" is owned by both "${previous}" and "${department.id}"`,
          });
        } else {
          owner.set(code, department.id);
        }
      }
    });
    config.categories.forEach((category, c) => {
      if (!owner.has(category.code)) {
        ctx.addIssue({
          code: 'custom',
          path: ['categories', c, 'code'],
          message: `category "${category.code}" is owned by no department`,
        });
      }
    });

    const stageNames = Object.keys(config.stages);
    config.entryPoints.forEach((entryPoint, e) => {
      for (const stage of stageNames) {
        if (!(stage in entryPoint.provisioning)) {
          ctx.addIssue({
            code: 'custom',
            path: ['entryPoints', e, 'provisioning'],
            message: `no provisioning for stage "${stage}"`,
          });
        }
      }
      for (const stage of Object.keys(entryPoint.provisioning)) {
        if (!stageNames.includes(stage)) {
          ctx.addIssue({
            code: 'custom',
            path: ['entryPoints', e, 'provisioning', stage],
            message: `unknown stage "${stage}"`,
          });
        }
      }
    });

    if (config.dayModel) {
      for (const issue of dayModelIssues(config.dayModel, config)) {
        ctx.addIssue({ code: 'custom', path: ['dayModel', ...issue.path], message: issue.message });
      }
    }

    for (const stage of stageNames) {
      checkOutboundCallerId(config, stage, ctx);
    }
    for (const stage of Object.keys(config.connect.outboundCallerId)) {
      if (!stageNames.includes(stage)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connect', 'outboundCallerId', stage],
          message: `unknown stage "${stage}"`,
        });
      }
    }

    for (const stage of stageNames) {
      if (!(stage in config.connect.instance)) {
        ctx.addIssue({
          code: 'custom',
          path: ['connect', 'instance'],
          message: `no Connect instance for stage "${stage}"`,
        });
      }
    }
    for (const [stage, instance] of Object.entries(config.connect.instance)) {
      const path = ['connect', 'instance', stage];
      const stageConfig = config.stages[stage];
      if (!stageConfig) {
        ctx.addIssue({ code: 'custom', path, message: `unknown stage "${stage}"` });
      } else if (instance.type === 'existing') {
        const region = CONNECT_INSTANCE_ARN.exec(instance.arn)?.[1];
        if (region !== stageConfig.region) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'arn'],
            message: `instance is in ${region}, but stage "${stage}" deploys to ${stageConfig.region}`,
          });
        }
      }
    }
  });

/** The outbound caller ID of a stage: an entry point provisioned there that can dial Korea (see connectSchema). */
function checkOutboundCallerId(
  config: {
    entryPoints: { id: string; provisioning: Record<string, Provisioning> }[];
    connect: { outboundCallerId: Record<string, string | null> };
    stages: Record<string, { removalPolicy: 'destroy' | 'retain' }>;
  },
  stage: string,
  ctx: z.RefinementCtx,
): void {
  const path = ['connect', 'outboundCallerId', stage];
  const issue = (message: string) => ctx.addIssue({ code: 'custom', path, message });
  const callerId = config.connect.outboundCallerId[stage];
  if (callerId === undefined) {
    issue(
      `no outbound caller ID for stage "${stage}": name an entry point whose number can dial Korean numbers, or null`,
    );
    return;
  }
  if (callerId === null) {
    if (config.stages[stage]?.removalPolicy === 'retain') {
      issue(
        `stage "${stage}" retains its resources: it needs an outbound caller ID that can call citizens back`,
      );
    }
    return;
  }
  const entryPoint = config.entryPoints.find((e) => e.id === callerId);
  const provisioning = entryPoint?.provisioning[stage];
  if (!entryPoint) issue(`"${callerId}" is not an entry-point id`);
  else if (!provisioning || provisioning.type === 'none') {
    issue(`entry point "${callerId}" has no number in stage "${stage}"`);
  } else if (provisioning.type === 'claim' && provisioning.numberType === 'TOLL_FREE') {
    issue(
      `entry point "${callerId}" is a toll-free number in stage "${stage}": Amazon Connect does not support toll-free numbers for international calling, so it cannot call Korean numbers back (https://docs.aws.amazon.com/connect/latest/adminguide/outbound-calling-restrictions.html)`,
    );
  } else if (provisioning.type === 'claim' && provisioning.countryCode !== 'KR') {
    issue(
      `entry point "${callerId}" is a ${provisioning.countryCode} number in stage "${stage}": call-backs to Korean numbers need a Korean caller ID`,
    );
  }
}

export type CityConfigInput = z.input<typeof cityConfigSchema>;
export type CityConfig = z.output<typeof cityConfigSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
