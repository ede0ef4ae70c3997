import * as z from 'zod';
import { CATEGORY_CODES } from '#domain/categories';

export { KB_META_ID } from './entry';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'must be a real calendar date');

/**
 * One knowledge-base (상담DB) entry, the JSON Lines format of the brief. `id`, `category`,
 * `title` and `answer` are required; unknown fields are kept as they are (loose object).
 */
export const KbEntrySchema = z.looseObject({
  id: nonEmpty
    .max(200, 'must be at most 200 characters')
    .refine((id) => !id.startsWith('__'), 'ids starting with "__" are reserved (version marker)'),
  category: z.enum(CATEGORY_CODES),
  title: nonEmpty,
  answer: nonEmpty,
  keywords: z.array(nonEmpty).optional(),
  questions: z.array(nonEmpty).optional(),
  department: nonEmpty.optional(),
  updatedAt: isoDate.optional(),
  /** When the owning department must review the answer again (docs/contracts.md, "상담DB lifecycle"). */
  reviewBy: isoDate.optional(),
});

export type KbEntry = z.infer<typeof KbEntrySchema>;

/** Formats zod issues as `field: message; field: message`. */
export const formatIssues = (error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
