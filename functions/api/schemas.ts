import * as z from 'zod';
import type { Caller } from '#commons/flow-response';
import {
  type Department,
  departmentById,
  departmentForCategory,
  type RuntimeConfig,
} from '#commons/runtime-config';
import { toE164 } from '#domain/phone';
import { parseTicketNumber } from '#domain/ticket-number';
import { ApiError } from './http';
import { MESSAGES_KO } from './messages';

/**
 * The input schemas more than one route uses (path parameters, ids, the caller number) and the two
 * resolutions against the city config that tickets and escalations share. Schemas used by one
 * route only sit next to it in its resource file under routes/.
 */

/** A blank query or body field counts as absent (forms send `""`). */
export const blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const departmentId = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);
export const contactId = z.string().regex(/^[A-Za-z0-9-]{1,128}$/);
export const requestId = z.uuid();
export const callerNumber = z.preprocess(blank, z.string().max(40).optional());
export const expectedVersion = z.number().int().min(1);

export const ticketNumberParam = z.object({
  number: z.string().transform((value, ctx) => {
    const parsed = parseTicketNumber(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: 'invalid ticket number' });
      return z.NEVER;
    }
    return parsed.value;
  }),
});
export const departmentParam = z.object({ id: departmentId });
export const contactParam = z.object({ contactId });

/** The caller of a desk request: withheld when no number was given; 400 when it is no phone number. */
export const callerOf = (number: string | undefined): Caller => {
  if (number === undefined) return { withheld: true };
  const e164 = toE164(number);
  if (e164 === undefined) throw new ApiError(400, 'invalid-caller-number', MESSAGES_KO.invalidCallerNumber);
  return { withheld: false, number: e164 };
};

/** The department named by id, else the one owning the category; 400 when there is none. */
export const departmentFor = (
  config: RuntimeConfig,
  body: { departmentId?: string; category?: string },
): Department => {
  const department =
    body.departmentId !== undefined
      ? departmentById(config, body.departmentId)
      : body.category !== undefined
        ? departmentForCategory(config, body.category)
        : undefined;
  if (department === undefined) throw new ApiError(400, 'unknown-department', MESSAGES_KO.unknownDepartment);
  return department;
};
