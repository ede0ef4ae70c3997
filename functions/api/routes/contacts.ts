import * as z from 'zod';
import { CONTACT_DISPOSITIONS, type ContactRecordDefaults } from '#adapters/contact-records';
import { CATEGORY_CODES } from '#domain/categories';
import { parseTicketNumber } from '#domain/ticket-number';
import { cityDay, formatInstant } from '#domain/time';
import { noContent } from '../http';
import { type ApiDeps, type RouteSet, route } from '../route';
import { blank, contactParam } from '../schemas';

/** The desk's own writes to a call's contact record: its disposition and the abuse warnings given. */

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
  ticketNumber: z.preprocess(
    blank,
    z
      .string()
      .refine((v) => parseTicketNumber(v).ok, 'invalid ticket number')
      .optional(),
  ),
});
const abuseBody = z.object({ count: z.number().int().min(0).max(20) });

export const contactRoutes = ({ config, contacts, now = () => new Date() }: ApiDeps) => {
  /** The fields a record gets when the desk writes before the contact trace record arrived. */
  const contactDefaults = (entryPoint: string | undefined): ContactRecordDefaults => {
    const at = now();
    const known = entryPoint !== undefined && config.entryPoints.some((e) => e.id === entryPoint);
    const id = known ? (entryPoint as string) : 'unknown';
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
      handle: async ({ params, body }) => {
        await contacts.update(
          params.contactId,
          {
            disposition: body.disposition,
            ...(body.category !== undefined && { category: body.category }),
            ...(body.disposition === 'transferred' && { outcome: 'transferred' as const }),
            ...(body.ticketNumber !== undefined && { ticketNumbers: [body.ticketNumber] }),
          },
          contactDefaults(body.entryPoint),
        );
        return noContent();
      },
    }),

    'POST /api/contacts/{contactId}/abuse-warning': route({
      access: 'desk',
      params: contactParam,
      body: abuseBody,
      handle: async ({ params, body }) => {
        await contacts.update(params.contactId, { abuseWarnings: body.count }, contactDefaults(undefined));
        return noContent();
      },
    }),
  } satisfies RouteSet;
};
