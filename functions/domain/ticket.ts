import * as z from 'zod';
import { CATEGORY_CODES, type CategoryCode, isCategoryCode } from '#domain/categories';
import { isE164, maskPhone } from '#domain/phone';
import { checkText, DESCRIPTION_MAX, LOCATION_MAX, NOTE_MAX } from '#domain/text';
import { parseTicketNumber } from '#domain/ticket-number';
import { TICKET_STATUSES, type TicketStatus } from '#domain/ticket-status';
import { addHours, formatInstant, isIsoInstant } from '#domain/time';

export {
  isOpenStatus,
  isTicketStatus,
  OPEN_STATUSES,
  type OpenStatus,
  TICKET_STATUS_LABELS_KO,
  TICKET_STATUSES,
  type TicketStatus,
} from '#domain/ticket-status';

/** What a ticket records (docs/contracts.md, Tickets table). */
export const TICKET_KINDS = ['report', 'callback', 'inquiry'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const isTicketKind = (value: string): value is TicketKind =>
  (TICKET_KINDS as readonly string[]).includes(value);

export interface HistoryEntry {
  /** ISO 8601 with offset. */
  at: string;
  /** Who: a counselor/staff id, or a system actor such as `ivr` or `escalation`. */
  by: string;
  /** The status the ticket entered. */
  status: TicketStatus;
  /** The department owning the ticket after this step. */
  departmentId: string;
  /** The staff member responsible after this step (claim / hand over); absent when nobody is. */
  assignee?: string;
  note?: string;
}

export interface Ticket {
  ticketNumber: string;
  kind: TicketKind;
  category: CategoryCode;
  departmentId: string;
  location?: string;
  description: string;
  /** E.164; only inside the KMS-encrypted item — never a key, never logged or queued. */
  callerNumber?: string;
  /** HMAC-SHA256 hex of the E.164 number (GSI `byCaller`). */
  callerHash?: string;
  /** `010-****-5678`. */
  callerMasked?: string;
  contactId?: string;
  createdAt: string;
  updatedAt: string;
  /** createdAt (or the last reassignment) + the department's slaHours, calendar hours. */
  dueAt: string;
  status: TicketStatus;
  /** The department's staff member working on it (username), set by 담당 접수 or a hand-over. */
  assignee?: string;
  history: readonly HistoryEntry[];
  /** 1 at creation, +1 on every change (optimistic concurrency). */
  version: number;
  /** `<departmentId>#<status>` (GSI `byDepartmentStatus`). */
  departmentStatus: string;
  /** DynamoDB TTL, epoch seconds. */
  expiresAt: number;
}

export const departmentStatusKey = (departmentId: string, status: TicketStatus): string =>
  `${departmentId}#${status}`;

/** Default retention when the stage does not say: five years from creation. */
export const DEFAULT_RETENTION_DAYS = 5 * 365;

/** A department as the domain needs it (a slice of the runtime config's department). */
export interface DepartmentRef {
  id: string;
  /** Service-level target in calendar hours (weekends and holidays count; the centre is open 365 days). */
  slaHours: number;
}

/** Who called: the number and its keyed hash, or withheld. */
export type CallerInfo = { withheld: false; number: string; hash: string } | { withheld: true };

export interface CreateTicketInput {
  kind: TicketKind;
  category: CategoryCode;
  description: string;
  location?: string;
  contactId?: string;
  note?: string;
  /** Actor recorded in the first history entry. */
  by: string;
}

export interface CreateTicketDeps {
  ticketNumber: string;
  now: Date;
  /** IANA zone of the city (`Asia/Seoul`); timestamps carry its offset. */
  timeZone: string;
  department: DepartmentRef;
  caller: CallerInfo;
  retentionDays?: number;
}

/** A broken invariant in input the handler should already have validated (a programming error). */
export class InvalidTicketError extends Error {
  override readonly name = 'InvalidTicketError';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`Invalid ticket ${field}: ${reason}`);
  }
}

export const assertValidDepartment = (department: DepartmentRef): void => {
  if (department.id.trim() === '') throw new InvalidTicketError('departmentId', 'must not be empty');
  if (!Number.isFinite(department.slaHours) || department.slaHours <= 0) {
    throw new InvalidTicketError('slaHours', 'must be a positive number of hours');
  }
};

const requireText = (field: string, value: string | undefined, max: number, required: boolean) => {
  const result = checkText(value ?? '', { max, required });
  if (!result.ok) throw new InvalidTicketError(field, result.issue);
  return result.value === '' ? undefined : result.value;
};

/**
 * A new ticket in `RECEIVED` at `deps.department`, version 1, one history entry. Pure: the number,
 * clock, department and caller come from the caller of this function. Throws
 * {@link InvalidTicketError} when an invariant is broken (the handler validates input first).
 */
export const createTicket = (input: CreateTicketInput, deps: CreateTicketDeps): Ticket => {
  if (!parseTicketNumber(deps.ticketNumber).ok || deps.ticketNumber.length !== 11) {
    throw new InvalidTicketError('ticketNumber', 'not a valid ticket number');
  }
  if (!isTicketKind(input.kind)) throw new InvalidTicketError('kind', 'unknown kind');
  if (!isCategoryCode(input.category)) throw new InvalidTicketError('category', 'unknown category');
  if (input.by.trim() === '') throw new InvalidTicketError('by', 'must not be empty');
  assertValidDepartment(deps.department);
  const description = requireText('description', input.description, DESCRIPTION_MAX, true) ?? '';
  const location = requireText('location', input.location, LOCATION_MAX, false);
  const note = requireText('note', input.note, NOTE_MAX, false);
  if (deps.caller.withheld === false) {
    if (!isE164(deps.caller.number)) throw new InvalidTicketError('callerNumber', 'must be E.164');
    if (!/^[0-9a-f]{64}$/.test(deps.caller.hash))
      throw new InvalidTicketError('callerHash', 'must be 64 hex');
  }

  const createdAt = formatInstant(deps.now, deps.timeZone);
  const retentionDays = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const status: TicketStatus = 'RECEIVED';
  const firstEntry: HistoryEntry = {
    at: createdAt,
    by: input.by,
    status,
    departmentId: deps.department.id,
    ...(note !== undefined && { note }),
  };
  return {
    ticketNumber: deps.ticketNumber,
    kind: input.kind,
    category: input.category,
    departmentId: deps.department.id,
    ...(location !== undefined && { location }),
    description,
    ...(deps.caller.withheld === false && {
      callerNumber: deps.caller.number,
      callerHash: deps.caller.hash,
      callerMasked: maskPhone(deps.caller.number),
    }),
    ...(input.contactId !== undefined && input.contactId !== '' && { contactId: input.contactId }),
    createdAt,
    updatedAt: createdAt,
    dueAt: formatInstant(addHours(deps.now, deps.department.slaHours), deps.timeZone),
    status,
    history: [firstEntry],
    version: 1,
    departmentStatus: departmentStatusKey(deps.department.id, status),
    expiresAt: Math.floor(deps.now.getTime() / 1000) + retentionDays * 86_400,
  };
};

const isoInstant = z.string().refine(isIsoInstant, 'must be ISO 8601 with offset');

const historyEntrySchema = z.object({
  at: isoInstant,
  by: z.string().min(1),
  status: z.enum(TICKET_STATUSES),
  departmentId: z.string().min(1),
  assignee: z.string().optional(),
  note: z.string().optional(),
});

/**
 * The stored item shape, for reading items back (repository `get`, dispatcher stream images).
 * Unknown attributes are dropped; `departmentStatus` must agree with `departmentId` and `status`.
 */
export const ticketSchema = z
  .object({
    ticketNumber: z
      .string()
      .refine((v) => parseTicketNumber(v).ok && v.length === 11, 'invalid ticket number'),
    kind: z.enum(TICKET_KINDS),
    category: z.enum(CATEGORY_CODES),
    departmentId: z.string().min(1),
    location: z.string().optional(),
    description: z.string(),
    callerNumber: z.string().optional(),
    callerHash: z.string().optional(),
    callerMasked: z.string().optional(),
    contactId: z.string().optional(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    dueAt: isoInstant,
    status: z.enum(TICKET_STATUSES),
    assignee: z.string().optional(),
    history: z.array(historyEntrySchema).min(1),
    version: z.number().int().min(1),
    departmentStatus: z.string(),
    expiresAt: z.number().int(),
  })
  .refine((t) => t.departmentStatus === departmentStatusKey(t.departmentId, t.status), {
    message: 'departmentStatus does not match departmentId and status',
    path: ['departmentStatus'],
  }) satisfies z.ZodType<Ticket>;
