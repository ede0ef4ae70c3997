import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '#commons/powertools';
import { transactWriteFake } from '#test/fake-contacts';
import { CALLER, createFakeTables, lambdaContext, setHandlerEnvironment } from '../handlers/support';

setHandlerEnvironment({ CONTACTS_TABLE: 'Contacts', CONTACT_RETENTION_DAYS: '30' });
const tables = createFakeTables();
const { handler } = await import('#functions/ctr-consumer/handler');

/**
 * A contact trace record as Connect writes it to the Kinesis stream (format 2017-03-10), shaped
 * after the example in the AWS documentation ("Data model for Amazon Connect contact records") and
 * real exported records: every top-level field present, `null` where there is no value. Here an
 * inbound call to the unified number, queued to the counselors and answered.
 */
const exampleCtr = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  AWSAccountId: '000000000000',
  AWSContactTraceRecordFormatVersion: '2017-03-10',
  Agent: {
    ARN: 'arn:aws:connect:ap-northeast-2:000000000000:instance/11111111-2222-3333-4444-555555555555/agent/a1',
    AfterContactWorkDuration: 32,
    AfterContactWorkEndTimestamp: '2027-03-01T23:36:54Z',
    AfterContactWorkStartTimestamp: '2027-03-01T23:36:22Z',
    AgentInteractionDuration: 300,
    ConnectedToAgentTimestamp: '2027-03-01T23:31:10Z',
    CustomerHoldDuration: 0,
    HierarchyGroups: null,
    LongestHoldDuration: 0,
    NumberOfHolds: 0,
    RoutingProfile: { ARN: 'arn:aws:connect:…/routing-profile/rp1', Name: 'minwon365-counselors' },
    Username: 'counselor1',
  },
  AgentConnectionAttempts: 1,
  AnsweringMachineDetectionStatus: null,
  Attributes: { entryPoint: 'unified', category: 'water', callerHash: 'a'.repeat(64) },
  Campaign: { CampaignId: null },
  Channel: 'VOICE',
  ConnectedToSystemTimestamp: '2027-03-01T23:30:00Z',
  ContactDetails: {},
  ContactId: 'c0ffee00-0000-4000-8000-000000000001',
  CustomerEndpoint: { Address: CALLER, Type: 'TELEPHONE_NUMBER' },
  DisconnectReason: 'CUSTOMER_DISCONNECT',
  DisconnectTimestamp: '2027-03-01T23:36:22Z',
  InitialContactId: null,
  InitiationMethod: 'INBOUND',
  InitiationTimestamp: '2027-03-01T23:30:00Z',
  InstanceARN: 'arn:aws:connect:ap-northeast-2:000000000000:instance/11111111-2222-3333-4444-555555555555',
  LastUpdateTimestamp: '2027-03-01T23:38:02Z',
  MediaStreams: [{ Type: 'AUDIO' }],
  NextContactId: null,
  PreviousContactId: null,
  Queue: {
    ARN: 'arn:aws:connect:ap-northeast-2:000000000000:instance/11111111-2222-3333-4444-555555555555/queue/q1',
    DequeueTimestamp: '2027-03-01T23:31:10Z',
    Duration: 58,
    EnqueueTimestamp: '2027-03-01T23:30:12Z',
    Name: 'counselors',
  },
  Recording: null,
  Recordings: null,
  References: [],
  ScheduledTimestamp: null,
  SystemEndpoint: { Address: '+82432010001', Type: 'TELEPHONE_NUMBER' },
  TransferCompletedTimestamp: null,
  TransferredToEndpoint: null,
  VoiceIdResult: null,
  ...overrides,
});

let sequence = 1000;
const kinesisRecord = (payload: unknown, raw?: string): KinesisStreamRecord => ({
  kinesis: {
    kinesisSchemaVersion: '1.0',
    partitionKey: 'pk',
    sequenceNumber: String(sequence++),
    data: Buffer.from(raw ?? JSON.stringify(payload)).toString('base64'),
    approximateArrivalTimestamp: 1_804_000_000,
  },
  eventSource: 'aws:kinesis',
  eventVersion: '1.0',
  eventID: `shardId-000000000000:${sequence}`,
  eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::000000000000:role/ctr-consumer',
  awsRegion: 'ap-northeast-2',
  eventSourceARN: 'arn:aws:kinesis:ap-northeast-2:000000000000:stream/ctr',
});

const invoke = (...records: KinesisStreamRecord[]) =>
  handler({ Records: records } as KinesisStreamEvent, lambdaContext('ctr-consumer'));

// ---- in-memory Contacts and Counters tables that evaluate the adapter's transactions -------------
type Item = Record<string, unknown>;
const contacts = new Map<string, Item>();
const stats = new Map<string, Item>();
const transact = transactWriteFake(
  { Contacts: { key: 'contactId', items: contacts }, Counters: { key: 'counter', items: stats } },
  TransactionCanceledException,
);
const installContacts = () => {
  tables.doc.on(TransactWriteCommand).callsFake(transact);
  tables.doc.on(GetCommand, { TableName: 'Contacts' }).callsFake((input) => {
    const item = contacts.get(String((input.Key as Item).contactId));
    return { Item: item === undefined ? undefined : structuredClone(item) };
  });
  tables.doc.on(BatchGetCommand).callsFake((input) => {
    const request = input.RequestItems.Contacts;
    const items = (request?.Keys ?? []).flatMap((key: Item) => {
      const item = contacts.get(String(key.contactId));
      return item === undefined ? [] : [structuredClone(item)];
    });
    return { Responses: { Contacts: items }, UnprocessedKeys: {} };
  });
};
/** The stored record without the writers' revision attribute. */
const stored = (contactId = 'c0ffee00-0000-4000-8000-000000000001') => {
  const item = contacts.get(contactId);
  if (item === undefined) return undefined;
  const { rev: _rev, ...record } = item;
  return record;
};
/** The Contacts updates written (each inside its transaction). */
const updates = () =>
  tables.doc
    .commandCalls(TransactWriteCommand)
    .flatMap((call) => call.args[0].input.TransactItems ?? [])
    .flatMap((item) => (item.Update?.TableName === 'Contacts' ? [item.Update] : []));
const counters = (day = '2027-03-02') => {
  const { counter: _key, ...values } = stats.get(`stats#${day}`) ?? {};
  return values;
};

const logged = () =>
  JSON.stringify(
    (['debug', 'info', 'warn', 'error'] as const).flatMap((level) =>
      vi.mocked(logger[level]).mock.calls.map((call) => call),
    ),
  );

beforeEach(() => {
  tables.reset();
  contacts.clear();
  stats.clear();
  installContacts();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2027-03-02T00:00:00Z'));
  for (const level of ['debug', 'info', 'warn', 'error'] as const) vi.spyOn(logger, level);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('ctr-consumer', () => {
  it('records an answered call with its city day, entry point, category and times, never logging the number', async () => {
    const result = await invoke(kinesisRecord(exampleCtr()));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(stored()).toEqual({
      contactId: 'c0ffee00-0000-4000-8000-000000000001',
      day: '2027-03-02',
      initiatedAt: '2027-03-02T08:30:00.000+09:00',
      entryPoint: 'unified',
      dialedUnified: true,
      category: 'water',
      queuedAt: '2027-03-02T08:30:12.000+09:00',
      answeredAt: '2027-03-02T08:31:10.000+09:00',
      endedAt: '2027-03-02T08:36:22.000+09:00',
      outcome: 'answered',
      ctrUpdatedAt: '2027-03-01T23:38:02.000Z',
      expiresAt: Math.floor(Date.parse('2027-03-02T00:00:00Z') / 1000) + 30 * 86_400,
    });
    expect(logged()).toContain('c0ffee00-0000-4000-8000-000000000001');
    expect(logged()).not.toContain('1012345678');
    expect(JSON.stringify(updates())).not.toContain('1012345678');
  });

  it('records a call whose caller hung up while queued for a counselor as abandoned', async () => {
    await invoke(
      kinesisRecord(
        exampleCtr({
          Agent: null,
          AgentConnectionAttempts: 0,
          Queue: {
            ARN: 'arn:aws:connect:…/queue/q1',
            Name: 'counselors',
            EnqueueTimestamp: '2027-03-01T23:30:12Z',
            DequeueTimestamp: '2027-03-01T23:33:00Z',
            Duration: 168,
          },
          DisconnectTimestamp: '2027-03-01T23:33:00Z',
        }),
      ),
    );
    expect(stored()).toMatchObject({
      outcome: 'abandoned',
      queuedAt: '2027-03-02T08:30:12.000+09:00',
      endedAt: '2027-03-02T08:33:00.000+09:00',
    });
    expect(stored()?.answeredAt).toBeUndefined();
  });

  it('records a call that never reached the counselor queue (IVR ticket status) as self-service', async () => {
    await invoke(
      kinesisRecord(
        exampleCtr({
          Agent: null,
          Queue: null,
          Attributes: { entryPoint: 'barocall', category: 'civil-general', action: 'ticketStatus' },
          SystemEndpoint: { Address: '+82432010120', Type: 'TELEPHONE_NUMBER' },
          DisconnectReason: 'CONTACT_FLOW_DISCONNECT',
        }),
      ),
    );
    expect(stored()).toMatchObject({ outcome: 'self-service', entryPoint: 'barocall', dialedUnified: false });
    expect(stored()?.queuedAt).toBeUndefined();
    expect(stored()?.answeredAt).toBeUndefined();
  });

  it('records a call from a withheld number like any other', async () => {
    const result = await invoke(
      kinesisRecord(exampleCtr({ CustomerEndpoint: { Address: 'anonymous', Type: 'TELEPHONE_NUMBER' } })),
      kinesisRecord(exampleCtr({ ContactId: 'withheld-2', CustomerEndpoint: null })),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(stored()?.outcome).toBe('answered');
    expect(stored('withheld-2')?.outcome).toBe('answered');
  });

  it('takes the entry point from the flow’s attribute, else from the dialed number in any format', async () => {
    await invoke(
      // The flow set the entry point: it wins over an unconfigured dialed number.
      kinesisRecord(
        exampleCtr({
          ContactId: 'from-attribute',
          Attributes: { entryPoint: 'barocall' },
          SystemEndpoint: { Address: '+82432019999', Type: 'TELEPHONE_NUMBER' },
        }),
      ),
      // The flow's default `unknown` (lookup failed): the dialed number decides.
      kinesisRecord(
        exampleCtr({
          ContactId: 'from-number',
          Attributes: { entryPoint: 'unknown', category: 'not-a-category' },
          SystemEndpoint: { Address: '043-201-0120', Type: 'TELEPHONE_NUMBER' },
        }),
      ),
      kinesisRecord(
        exampleCtr({ ContactId: 'neither', Attributes: null, SystemEndpoint: { Address: '+82432019999' } }),
      ),
    );
    expect(stored('from-attribute')).toMatchObject({ entryPoint: 'barocall', dialedUnified: false });
    expect(stored('from-number')).toMatchObject({ entryPoint: 'barocall', dialedUnified: false });
    expect(stored('from-number')?.category).toBeUndefined();
    expect(stored('neither')).toMatchObject({ entryPoint: 'unknown', dialedUnified: false });
  });

  it('skips chats, tasks and outbound calls, and department transfer legs', async () => {
    const result = await invoke(
      kinesisRecord(exampleCtr({ ContactId: 'chat', Channel: 'CHAT', SystemEndpoint: null })),
      kinesisRecord(exampleCtr({ ContactId: 'task', Channel: 'TASK' })),
      kinesisRecord(exampleCtr({ ContactId: 'out', InitiationMethod: 'OUTBOUND' })),
      kinesisRecord(
        exampleCtr({
          ContactId: 'leg',
          InitiationMethod: 'TRANSFER',
          PreviousContactId: 'c0ffee00-0000-4000-8000-000000000001',
          Queue: { Name: 'dept-roads', EnqueueTimestamp: '2027-03-01T23:35:00Z' },
        }),
      ),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(updates()).toEqual([]);
  });

  it('records the counselor’s transferred call as transferred, and a transfer back to counselors as an offered call', async () => {
    await invoke(
      kinesisRecord(
        exampleCtr({ TransferCompletedTimestamp: '2027-03-01T23:35:00Z', NextContactId: 'leg-to-roads' }),
      ),
      kinesisRecord(
        exampleCtr({
          ContactId: 'back-to-counselors',
          InitiationMethod: 'TRANSFER',
          SystemEndpoint: null,
          Agent: null,
        }),
      ),
    );
    expect(stored()?.outcome).toBe('transferred');
    expect(stored('back-to-counselors')).toMatchObject({ outcome: 'abandoned', entryPoint: 'unified' });
  });

  it('skips malformed records (not JSON, not a contact record) without failing the batch or logging them', async () => {
    const result = await invoke(
      kinesisRecord(undefined, `{"CustomerEndpoint":{"Address":"${CALLER}"}, oops`),
      kinesisRecord({ ...exampleCtr(), ContactId: undefined }),
      kinesisRecord({ ...exampleCtr(), InitiationTimestamp: 'yesterday' }),
      kinesisRecord(exampleCtr({ ContactId: 'good' })),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(updates().map((u) => (u.Key as Item).contactId)).toEqual(['good']);
    expect(vi.mocked(logger.warn)).toHaveBeenCalledTimes(3);
    expect(logged()).not.toContain('1012345678');
  });

  it('reports a record whose write fails, and writes the others', async () => {
    tables.doc.on(TransactWriteCommand).callsFake((input) => {
      if (JSON.stringify(input).includes('"fails"'))
        throw new Error('ProvisionedThroughputExceededException');
      return transact(input);
    });
    const failing = kinesisRecord(exampleCtr({ ContactId: 'fails' }));
    const result = await invoke(
      kinesisRecord(exampleCtr()),
      failing,
      kinesisRecord(exampleCtr({ ContactId: 'after' })),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: failing.kinesis.sequenceNumber }]);
    expect(stored()?.outcome).toBe('answered');
    expect(stored('after')?.outcome).toBe('answered');
    expect(stored('fails')).toBeUndefined();
  });

  it('writes the same record again when the contact trace record is delivered again', async () => {
    const record = kinesisRecord(exampleCtr());
    await invoke(record);
    const first = structuredClone(stored());
    vi.setSystemTime(new Date('2027-03-02T00:05:00Z'));
    await invoke(record);
    expect(stored()).toEqual(first);
    const [a, b] = updates();
    expect(b?.UpdateExpression).toBe(a?.UpdateExpression);
    expect(b?.ExpressionAttributeNames).toEqual(a?.ExpressionAttributeNames);
  });

  it('moves the day’s counters by what each record changes: a re-delivered record adds nothing', async () => {
    const abandoned = exampleCtr({ Agent: null, AgentConnectionAttempts: 0 });
    await invoke(kinesisRecord(abandoned));
    expect(counters()).toEqual({ calls: 1, abandoned: 1, unified: 1, 'category:water': 1 });
    await invoke(kinesisRecord(abandoned));
    expect(counters()).toEqual({ calls: 1, abandoned: 1, unified: 1, 'category:water': 1 });
    // A later version of the record: an agent took the call after all.
    await invoke(kinesisRecord(exampleCtr()));
    expect(counters()).toEqual({ calls: 1, abandoned: 0, answered: 1, unified: 1, 'category:water': 1 });
    // Self-service calls and other days count on their own days.
    await invoke(
      kinesisRecord(
        exampleCtr({
          ContactId: 'ivr',
          Agent: null,
          Queue: null,
          InitiationTimestamp: '2027-03-02T23:30:00Z',
        }),
      ),
    );
    expect(counters('2027-03-03')).toEqual({ calls: 1, unified: 1, 'category:water': 1 });
  });

  it('writes a batch of 25 records with one read and one transaction that moves the day’s counters once', async () => {
    const records = Array.from({ length: 25 }, (_, i) =>
      kinesisRecord(exampleCtr({ ContactId: `batch-${i}`, ...(i % 5 === 0 && { Agent: null }) })),
    );
    const result = await invoke(...records);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(tables.doc.commandCalls(BatchGetCommand)).toHaveLength(1);
    expect(tables.doc.commandCalls(GetCommand)).toHaveLength(0);
    const transactions = tables.doc.commandCalls(TransactWriteCommand);
    expect(transactions).toHaveLength(1);
    const items = transactions[0]?.args[0].input.TransactItems ?? [];
    expect(items.filter((item) => item.Update?.TableName === 'Counters')).toHaveLength(1);
    expect(counters()).toEqual({ calls: 25, answered: 20, abandoned: 5, unified: 25, 'category:water': 25 });
    expect(stored('batch-7')?.outcome).toBe('answered');
    expect(stored('batch-10')?.outcome).toBe('abandoned');
  });

  it('folds several versions of one contact in a batch into one write, newest last', async () => {
    const queued = exampleCtr({
      Agent: null,
      DisconnectTimestamp: null,
      LastUpdateTimestamp: '2027-03-01T23:30:13Z',
    });
    const result = await invoke(kinesisRecord(queued), kinesisRecord(exampleCtr()), kinesisRecord(queued));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(updates()).toHaveLength(1);
    expect(stored()).toMatchObject({ outcome: 'answered', ctrUpdatedAt: '2027-03-01T23:38:02.000Z' });
    expect(counters()).toEqual({ calls: 1, answered: 1, unified: 1, 'category:water': 1 });
    expect(logged()).toContain('a newer version is already applied');
  });

  it('writes again from a fresh read when the desk changed the record in between', async () => {
    let raced = false;
    tables.doc.on(TransactWriteCommand).callsFake((input) => {
      if (!raced) {
        raced = true;
        // The desk's disposition lands between the consumer's read and its write.
        contacts.set('c0ffee00-0000-4000-8000-000000000001', {
          contactId: 'c0ffee00-0000-4000-8000-000000000001',
          day: '2027-03-02',
          initiatedAt: '2027-03-02T08:35:00+09:00',
          entryPoint: 'unified',
          dialedUnified: true,
          outcome: 'transferred',
          disposition: 'transferred',
          category: 'tax',
          rev: 1,
        });
        stats.set('stats#2027-03-02', {
          counter: 'stats#2027-03-02',
          calls: 1,
          answered: 1,
          dispositions: 1,
          unified: 1,
          'category:tax': 1,
        });
      }
      return transact(input);
    });
    await invoke(kinesisRecord(exampleCtr()));
    expect(stored()).toMatchObject({ outcome: 'transferred', disposition: 'transferred', category: 'tax' });
    expect(counters()).toEqual({ calls: 1, answered: 1, dispositions: 1, unified: 1, 'category:tax': 1 });
    expect(contacts.get('c0ffee00-0000-4000-8000-000000000001')?.rev).toBe(2);
    expect(logged()).toContain('written one by one');
  });

  it('keeps the desk’s disposition, category, tickets and transferred outcome', async () => {
    contacts.set('c0ffee00-0000-4000-8000-000000000001', {
      contactId: 'c0ffee00-0000-4000-8000-000000000001',
      day: '2027-03-02',
      initiatedAt: '2027-03-02T08:35:00+09:00',
      entryPoint: 'unknown',
      dialedUnified: false,
      outcome: 'transferred',
      disposition: 'transferred',
      category: 'tax',
      ticketNumbers: new Set(['2027-000042']),
      abuseWarnings: 1,
      expiresAt: 1,
    });
    await invoke(kinesisRecord(exampleCtr()));
    expect(stored()).toEqual({
      contactId: 'c0ffee00-0000-4000-8000-000000000001',
      day: '2027-03-02',
      initiatedAt: '2027-03-02T08:30:00.000+09:00',
      entryPoint: 'unified',
      dialedUnified: true,
      queuedAt: '2027-03-02T08:30:12.000+09:00',
      answeredAt: '2027-03-02T08:31:10.000+09:00',
      endedAt: '2027-03-02T08:36:22.000+09:00',
      outcome: 'transferred',
      disposition: 'transferred',
      category: 'tax',
      ticketNumbers: new Set(['2027-000042']),
      abuseWarnings: 1,
      ctrUpdatedAt: '2027-03-01T23:38:02.000Z',
      expiresAt: 1,
    });
  });

  describe('out-of-order deliveries (LastUpdateTimestamp)', () => {
    const queued = () =>
      exampleCtr({
        Agent: null,
        DisconnectTimestamp: null,
        LastUpdateTimestamp: '2027-03-01T23:30:13Z',
      });

    it('keeps the newer version when an older one arrives after it', async () => {
      await invoke(kinesisRecord(exampleCtr()));
      const newest = structuredClone(stored());
      await invoke(kinesisRecord(queued()));
      expect(stored()).toEqual(newest);
      expect(stored()?.outcome).toBe('answered');
      expect(logged()).toContain('a newer version is already applied');
    });

    it('applies versions arriving in order, newest last', async () => {
      await invoke(kinesisRecord(queued()));
      expect(stored()?.outcome).toBe('abandoned');
      await invoke(kinesisRecord(exampleCtr()));
      expect(stored()).toMatchObject({ outcome: 'answered', ctrUpdatedAt: '2027-03-01T23:38:02.000Z' });
    });

    it('keeps the newest when both versions come in one batch in the wrong order', async () => {
      const result = await invoke(kinesisRecord(exampleCtr()), kinesisRecord(queued()));
      expect(result).toEqual({ batchItemFailures: [] });
      expect(stored()).toMatchObject({ outcome: 'answered', endedAt: '2027-03-02T08:36:22.000+09:00' });
    });

    it('loses the race to a newer version written between its read and its write', async () => {
      // The newer version lands after the consumer read the record: the conditional write refuses.
      const realGet = contacts.get.bind(contacts);
      let first = true;
      vi.spyOn(contacts, 'get').mockImplementation((id: string) => {
        const value = realGet(id);
        if (first) {
          first = false;
          contacts.set(id, {
            ...(value ?? {}),
            contactId: id,
            ctrUpdatedAt: '2027-03-02T00:00:00.000Z',
            day: '2027-03-02',
            initiatedAt: '2027-03-02T08:30:00.000+09:00',
            entryPoint: 'unified',
            dialedUnified: true,
            outcome: 'answered',
          });
          return undefined;
        }
        return value;
      });
      const result = await invoke(kinesisRecord(queued()));
      expect(result).toEqual({ batchItemFailures: [] });
      vi.mocked(contacts.get).mockRestore();
      expect(stored()?.outcome).toBe('answered');
      expect(stored()?.ctrUpdatedAt).toBe('2027-03-02T00:00:00.000Z');
    });
  });
});
