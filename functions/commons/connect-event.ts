import * as z from 'zod';

/**
 * The Amazon Connect contact-flow Lambda event ("Invoke AWS Lambda function" block), after
 * https://docs.aws.amazon.com/connect/latest/adminguide/connect-lambda-functions.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/services-connect.html.
 *
 * Lenient where Connect evolves (unknown fields pass through: SegmentAttributes, Tags,
 * MediaStreams, Customer, …; Channel and InitiationMethod are any non-empty string — the AWS
 * example itself sends `"INBOUND | OUTBOUND | TRANSFER | CALLBACK"`), strict on what handlers use:
 * `Name`, the contact ids, the endpoints' shape, `Attributes` and `Parameters` as maps of strings,
 * with bounded sizes so a hostile or broken event is refused before any work.
 */

const MAX_ID = 256;
const MAX_VALUE = 32 * 1024;
const MAX_ENTRIES = 100;

const stringMap = z
  .record(z.string().max(MAX_ID), z.string().max(MAX_VALUE))
  .refine((map) => Object.keys(map).length <= MAX_ENTRIES, `at most ${MAX_ENTRIES} entries`);

export const connectEndpointSchema = z.looseObject({
  Address: z.string().max(MAX_ID),
  Type: z.string().max(MAX_ID),
});

export const connectQueueSchema = z.looseObject({
  ARN: z.string().max(2048),
  Name: z.string().max(MAX_ID),
});

export const connectContactDataSchema = z.looseObject({
  ContactId: z.string().min(1).max(MAX_ID),
  InitialContactId: z.string().min(1).max(MAX_ID),
  PreviousContactId: z.string().max(MAX_ID).optional(),
  Channel: z.string().min(1).max(MAX_ID),
  InitiationMethod: z.string().min(1).max(MAX_ID),
  InstanceARN: z.string().min(1).max(2048),
  CustomerEndpoint: connectEndpointSchema.nullish(),
  SystemEndpoint: connectEndpointSchema.nullish(),
  Queue: connectQueueSchema.nullish(),
  Attributes: stringMap.default({}),
  LanguageCode: z.string().max(MAX_ID).optional(),
  MediaStreams: z.unknown().optional(),
});

export const connectFlowEventSchema = z.looseObject({
  Name: z.literal('ContactFlowEvent'),
  Details: z.looseObject({
    ContactData: connectContactDataSchema,
    Parameters: stringMap.default({}),
  }),
});

export type ConnectFlowEvent = z.infer<typeof connectFlowEventSchema>;
export type ConnectContactData = z.infer<typeof connectContactDataSchema>;
export type ConnectEndpoint = z.infer<typeof connectEndpointSchema>;

export type ParsedConnectEvent = { ok: true; event: ConnectFlowEvent } | { ok: false; issues: string[] };

/** `path: message` lines for logs and `error` fields; zod messages do not echo input values. */
export const describeIssues = (error: z.ZodError, limit = 5): string[] =>
  error.issues.slice(0, limit).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);

/** Parses any input as a contact-flow event; never throws. */
export const parseConnectEvent = (input: unknown): ParsedConnectEvent => {
  const result = connectFlowEventSchema.safeParse(input);
  return result.success
    ? { ok: true, event: result.data }
    : { ok: false, issues: describeIssues(result.error) };
};
