import type { ActionExecutor } from '../context';
import { resolveValue } from '../jsonpath';

/**
 * UpdateContactData (Set contact properties: name, description, language, customer id, references,
 * Voice ID settings …): sets Connect-defined fields of the contact, all or none.
 * https://docs.aws.amazon.com/connect/latest/devguide/contact-actions-updatecontactdata.html
 *
 * Simulated: Name, Description, LanguageCode, CustomerId and References are set on the flow run data
 * ($.Name, $.LanguageCode …); the Voice ID and Wisdom fields are recorded in `settings`.
 */
const DATA_FIELDS = ['Name', 'Description', 'LanguageCode', 'CustomerId'] as const;

export const execute: ActionExecutor = (ctx) => {
  const { p, contact } = ctx;
  for (const field of DATA_FIELDS) {
    const value = ctx.param(field);
    if (value !== undefined) contact.data[field] = value;
  }
  if (p.References && typeof p.References === 'object') {
    const references: Record<string, string> = {};
    for (const [key, raw] of Object.entries(p.References as Record<string, unknown>)) {
      references[resolveValue(contact.data, key) ?? key] =
        typeof raw === 'string' ? (resolveValue(contact.data, raw) ?? '') : JSON.stringify(raw);
    }
    contact.data.References = { ...(contact.data.References as Record<string, string>), ...references };
  }
  const others = Object.keys(p).filter(
    (key) => !(DATA_FIELDS as readonly string[]).includes(key) && key !== 'References',
  );
  if (others.length > 0)
    contact.settings.contactData = JSON.stringify(Object.fromEntries(others.map((k) => [k, p[k]])));
  return ctx.next();
};
