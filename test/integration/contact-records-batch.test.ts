import * as fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type ContactRecordChange,
  type ContactRecordChangeOutcome,
  type ContactRecordDefaults,
  type ContactRecordPatch,
  type ContactRecords,
  createContactRecords,
  StaleContactRecordError,
} from '#adapters/contact-records';
import { createDayStats } from '#adapters/day-stats';
import { keepDeskDecisions } from '#functions/ctr-consumer/contact-trace-record';
import { localAws, localClients } from '#test/local';
import { findTable } from '#tools/local-aws/lookup';
import { provisionFromTemplates } from '#tools/local-aws/provision';

/**
 * The ctr-consumer's batch write (ContactRecords.updateMany) against the one-by-one writes it
 * replaces, on DynamoDB Local: two provisioned copies of the Contacts and Counters tables, the
 * same random sequences of contact-trace-record versions (redeliveries, out-of-order versions,
 * several versions of one contact in a batch, records the desk wrote first) applied one by one to
 * one copy and as batches to the other. Every record and every counter must come out the same.
 */

const { doc } = localClients();

interface Copy {
  records: ContactRecords;
  contacts: string;
  counters: string;
}
let sequential: Copy;
let batched: Copy;

const provisionCopy = async (name: string): Promise<Copy> => {
  const { resources } = await provisionFromTemplates(inject('cfnTemplates') as never, localAws(), {
    prefix: `${name}${Date.now().toString(36)}-`,
  });
  const contacts = findTable(resources, 'Contacts').tableName;
  const counters = findTable(resources, 'Counters').tableName;
  return {
    contacts,
    counters,
    records: createContactRecords({
      client: doc,
      tableName: contacts,
      dayStats: createDayStats({ client: doc, tableName: counters }),
      now: () => new Date('2027-03-08T12:00:00Z'),
    }),
  };
};

beforeAll(async () => {
  sequential = await provisionCopy('ctrseq');
  batched = await provisionCopy('ctrbat');
}, 120_000);

const DAYS = ['2027-03-08', '2027-03-09'] as const;
const INSTANTS = ['09:00:00', '09:00:05', '09:01:00', '09:07:30'].map((t) => `2027-03-08T${t}.000Z`);

/** One contact-trace-record version as the consumer turns it into a change. */
const versionArbitrary = fc.record({
  contact: fc.integer({ min: 0, max: 5 }),
  day: fc.constantFrom(...DAYS),
  updatedAt: fc.option(fc.constantFrom(...INSTANTS), { nil: undefined, freq: 6 }),
  outcome: fc.constantFrom('queued', 'answered', 'abandoned', 'self-service', 'transferred' as const),
  entryPoint: fc.constantFrom('unified', 'cityhall', 'unknown'),
  category: fc.option(fc.constantFrom('water', 'tax', 'road'), { nil: undefined }),
  answered: fc.boolean(),
});
type Version = typeof versionArbitrary extends fc.Arbitrary<infer T> ? T : never;

/** What the desk wrote before the contact trace records arrived (disposition, category, tickets). */
const deskArbitrary = fc.record({
  contact: fc.integer({ min: 0, max: 5 }),
  disposition: fc.constantFrom('answered', 'transferred', 'ticket' as const),
  category: fc.constantFrom('water', 'tax', 'welfare'),
  ticket: fc.option(fc.constantFrom('2027-000001', '2027-000002'), { nil: undefined }),
});

/** As the consumer's decision makes it: the call's own fields, which are also the defaults. */
const change = (run: string, v: Version): ContactRecordChange => {
  const defaults: ContactRecordDefaults = {
    day: v.day,
    initiatedAt: `${v.day}T08:30:00.000+09:00`,
    entryPoint: v.entryPoint,
    dialedUnified: v.entryPoint === 'unified',
    outcome: v.outcome,
  };
  const patch: ContactRecordPatch = {
    ...defaults,
    ...(v.category !== undefined && { category: v.category }),
    ...(v.answered && { answeredAt: `${v.day}T08:31:00.000+09:00` }),
  };
  return {
    contactId: `${run}-${v.contact}`,
    patch: (stored) => keepDeskDecisions(patch, stored),
    defaults,
    ...(v.updatedAt !== undefined && { ctrUpdatedAt: v.updatedAt }),
  };
};

const oneByOne = async (records: ContactRecords, changes: readonly ContactRecordChange[]) => {
  const outcomes: ContactRecordChangeOutcome['status'][] = [];
  for (const c of changes) {
    try {
      await records.update(c.contactId, c.patch, c.defaults, {
        ...(c.ctrUpdatedAt !== undefined && { ctrUpdatedAt: c.ctrUpdatedAt }),
      });
      outcomes.push('written');
    } catch (error) {
      if (!(error instanceof StaleContactRecordError)) throw error;
      outcomes.push('stale');
    }
  }
  return outcomes;
};

const readRecord = (copy: Copy, contactId: string) => copy.records.get(contactId);

/** The counters of both days; a counter moved to zero and one never moved read the same (0). */
const readCounters = async (copy: Copy) =>
  Object.fromEntries(
    await Promise.all(
      DAYS.map(async (day) => {
        const counters = await createDayStats({ client: doc, tableName: copy.counters }).get(day);
        return [day, Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0))];
      }),
    ),
  );

let runs = 0;

describe('the ctr-consumer batch write on DynamoDB Local', () => {
  it('leaves every record and every day counter as writing the versions one by one does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(deskArbitrary, { maxLength: 3 }),
        fc.array(fc.array(versionArbitrary, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
        async (desk, batches) => {
          runs += 1;
          const run = `r${runs}`;
          for (const copy of [sequential, batched]) {
            for (const d of desk)
              await copy.records.update(
                `${run}-${d.contact}`,
                {
                  disposition: d.disposition,
                  category: d.category,
                  outcome: d.disposition === 'transferred' ? 'transferred' : 'answered',
                  ...(d.ticket !== undefined && { ticketNumbers: [d.ticket] }),
                },
                {
                  day: DAYS[0],
                  initiatedAt: `${DAYS[0]}T08:30:00.000+09:00`,
                  entryPoint: 'unknown',
                  dialedUnified: false,
                  outcome: 'answered',
                },
              );
          }
          for (const batch of batches) {
            const changes = batch.map((v) => change(run, v));
            const expected = await oneByOne(sequential.records, changes);
            const actual = (await batched.records.updateMany(changes)).map((o) => o.status);
            expect(actual).toEqual(expected);
          }
          for (let contact = 0; contact <= 5; contact++) {
            const id = `${run}-${contact}`;
            expect(await readRecord(batched, id)).toEqual(await readRecord(sequential, id));
          }
          expect(await readCounters(batched)).toEqual(await readCounters(sequential));
        },
      ),
      { numRuns: 30 },
    );
    expect(runs).toBe(30);
  }, 180_000);
});
