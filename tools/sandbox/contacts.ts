import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ContactOutcome,
  type ContactRecordDefaults,
  createContactRecords,
} from '#adapters/contact-records';
import { cityDay } from '#domain/time';

/**
 * The call fields of contact records (docs/contracts.md, "Contact records") as the sandbox's
 * simulated phone writes them, through the same adapter the API uses (in AWS a CTR consumer will
 * write them). The desk's disposition and abuse warnings are written by the API handler.
 */

export interface ContactRecorder {
  started(event: { contactId: string; initiatedAt: string; entryPointId: string | null }): Promise<void>;
  queued(event: { contactId: string; queuedAt: string; category?: string | undefined }): Promise<void>;
  answered(event: { contactId: string; answeredAt: string }): Promise<void>;
  ended(event: {
    contactId: string;
    endedAt: string;
    outcome: ContactOutcome;
    category?: string | undefined;
  }): Promise<void>;
}

export function createContactRecorder(options: {
  doc: DynamoDBDocumentClient;
  tableName: string;
  timezone: string;
  log?: (line: string) => void;
}): ContactRecorder {
  const records = createContactRecords({ client: options.doc, tableName: options.tableName });
  const starts = new Map<string, ContactRecordDefaults>();
  const update = async (contactId: string, patch: Parameters<typeof records.update>[1]) => {
    try {
      await records.update(contactId, patch, starts.get(contactId));
    } catch (error) {
      options.log?.(`contact record ${contactId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    async started({ contactId, initiatedAt, entryPointId }) {
      const record: ContactRecordDefaults = {
        day: cityDay(new Date(initiatedAt), options.timezone),
        initiatedAt,
        entryPoint: entryPointId ?? 'unknown',
        dialedUnified: entryPointId === 'unified',
        outcome: 'self-service',
      };
      starts.set(contactId, record);
      try {
        await records.put({ contactId, ...record });
      } catch (error) {
        options.log?.(
          `contact record ${contactId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
    queued: ({ contactId, queuedAt, category }) =>
      update(contactId, { queuedAt, outcome: 'queued', ...(category ? { category } : {}) }),
    answered: ({ contactId, answeredAt }) => update(contactId, { answeredAt, outcome: 'answered' }),
    // 'answered' was written when the counselor took the call; the desk's wrap-up may since have
    // changed the outcome (transferred), so only the end time is added then.
    ended: ({ contactId, endedAt, outcome, category }) =>
      update(contactId, {
        endedAt,
        ...(outcome === 'answered' ? {} : { outcome }),
        ...(category ? { category } : {}),
      }),
  };
}
