import * as z from 'zod';
import { type ContactOwner, sameUsername } from '#adapters/connect-contacts';
import { CONTACT_DISPOSITIONS, type ContactRecordDefaults } from '#adapters/contact-records';
import { CATEGORY_CODES } from '#domain/categories';
import { toE164 } from '#domain/phone';
import { cityDay, formatInstant } from '#domain/time';
import type { Principal } from '../auth';
import { ApiError, noContent } from '../http';
import { type FieldIssue, MESSAGES_KO } from '../messages';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, contactParam, ticketNumberText } from '../schemas';

/**
 * The desk's own writes to a call's contact record: its disposition and the abuse warnings given.
 *
 * Trusts nothing: the contact must exist and must be the calling counselor's — checked against
 * Amazon Connect (DescribeContact's `AgentInfo`, functions/adapters/connect-contacts.ts; in the
 * sandbox against its simulated calls through the same API). An unknown contact is 404 and writes
 * nothing, so made-up ids never reach today's figures; another counselor's call (or one no
 * counselor took) is 403. What Connect knows about the call (the number dialed, when it began) is
 * used for a record the contact trace has not created yet; the body's `entryPoint` is only a
 * fallback when Connect does not give the number (it is the desk's claim, not a fact).
 */

const dispositionBody = z.object({
  disposition: z.enum(CONTACT_DISPOSITIONS),
  category: z.preprocess(blank, z.enum(CATEGORY_CODES).optional()),
  entryPoint: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}$/)
      .optional(),
  ),
  ticketNumber: z.preprocess(blank, ticketNumberText.optional()),
});
const abuseBody = z.object({ count: z.number().int().min(0).max(20) });

const contactRefusal = (status: number, code: string, reason: string, messageKo: string): ApiError => {
  const issue: FieldIssue = { in: 'path', field: 'contactId', labelKo: '통화', reason, messageKo };
  return new ApiError(status, code, messageKo, { fields: ['path.contactId'], issues: [issue] });
};

export const contactRoutes = ({ config, contacts, contactDirectory, now = () => new Date() }: ApiDeps) => {
  /** The call as Connect knows it, when it is the principal's; else the refusal. */
  const ownCall = async (principal: Principal, contactId: string) => {
    const owner: ContactOwner = await contactDirectory.ownerOf(contactId);
    if (!owner.found)
      throw contactRefusal(404, 'contact-not-found', 'NOT_FOUND', MESSAGES_KO.contactNotFound);
    if (owner.agentUsername === undefined)
      throw contactRefusal(403, 'contact-not-answered', 'NOT_ANSWERED', MESSAGES_KO.contactNotAnswered);
    if (!sameUsername(owner.agentUsername, principal.username))
      throw contactRefusal(403, 'contact-not-yours', 'NOT_YOURS', MESSAGES_KO.contactNotYours);
    return owner;
  };

  /** The fields a record gets when the desk writes before the contact trace record arrived. */
  const contactDefaults = (
    owner: Extract<ContactOwner, { found: true }>,
    claimedEntryPoint: string | undefined,
  ): ContactRecordDefaults => {
    const at = owner.initiatedAt ?? now();
    const dialed = owner.dialed === undefined ? undefined : toE164(owner.dialed);
    const byNumber = config.entryPoints.find((e) => dialed !== undefined && e.number === dialed)?.id;
    const claimed = config.entryPoints.some((e) => e.id === claimedEntryPoint)
      ? claimedEntryPoint
      : undefined;
    const id = owner.dialed !== undefined ? (byNumber ?? 'unknown') : (claimed ?? 'unknown');
    return {
      day: cityDay(at, config.timezone),
      initiatedAt: formatInstant(at, config.timezone),
      entryPoint: id,
      dialedUnified: id === 'unified',
      outcome: 'answered',
    };
  };

  return {
    'POST /api/contacts/{contactId}/disposition': route({
      access: 'desk',
      params: contactParam,
      body: dispositionBody,
      handle: async ({ principal, params, body }) => {
        const owner = await ownCall(principal, params.contactId);
        await contacts.update(
          params.contactId,
          {
            disposition: body.disposition,
            ...(body.category !== undefined && { category: body.category }),
            ...(body.disposition === 'transferred' && { outcome: 'transferred' as const }),
            ...(body.ticketNumber !== undefined && { ticketNumbers: [body.ticketNumber] }),
          },
          contactDefaults(owner, body.entryPoint),
        );
        return noContent();
      },
    }),

    'POST /api/contacts/{contactId}/abuse-warning': route({
      access: 'desk',
      params: contactParam,
      body: abuseBody,
      handle: async ({ principal, params, body }) => {
        const owner = await ownCall(principal, params.contactId);
        await contacts.update(
          params.contactId,
          { abuseWarnings: body.count },
          contactDefaults(owner, undefined),
        );
        return noContent();
      },
    }),
  } satisfies RouteSet;
};
