import type { KinesisStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '#commons/runtime-config';
import { contactTraceRecordSchema, decide } from '#functions/ctr-consumer/contact-trace-record';
import { createContactTrace } from '#tools/sandbox/contact-trace';
import { HANDLER_ENV } from '../handlers/support';

const config = loadRuntimeConfig(HANDLER_ENV);
const UNIFIED = config.entryPoints.find((e) => e.id === 'unified')?.number ?? '';

/** A contact trace that hands each record to a fake consumer; returns the records it received. */
const recording = () => {
  const records: Record<string, unknown>[] = [];
  const trace = createContactTrace({
    consumer: async (event: KinesisStreamEvent) => {
      for (const record of event.Records)
        records.push(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')));
      return { batchItemFailures: [] };
    },
  });
  return { trace, records };
};

const at = (time: string) => new Date(`2027-03-02T${time}+09:00`);

describe('sandbox contact records (Connect contact trace records for the ctr-consumer)', () => {
  it('sends nothing while the call lasts and one record when it ends', async () => {
    const { trace, records } = recording();
    trace.started({ contactId: 'c-1', at: at('10:00:00'), dialed: UNIFIED, from: '+821012345678' });
    trace.queued({ contactId: 'c-1', at: at('10:00:20'), queue: 'counselors' });
    trace.answered({ contactId: 'c-1', at: at('10:00:50'), agent: 'counselor1' });
    expect(records).toHaveLength(0);
    await trace.ended({
      contactId: 'c-1',
      at: at('10:05:00'),
      reason: 'CUSTOMER_DISCONNECT',
      attributes: { entryPoint: 'unified', category: 'tax' },
    });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      ContactId: 'c-1',
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: '2027-03-02T01:00:00Z',
      SystemEndpoint: { Address: UNIFIED, Type: 'TELEPHONE_NUMBER' },
      CustomerEndpoint: { Address: '+821012345678', Type: 'TELEPHONE_NUMBER' },
      Queue: { Name: 'counselors', EnqueueTimestamp: '2027-03-02T01:00:20Z', Duration: 30 },
      Agent: { Username: 'counselor1', ConnectedToAgentTimestamp: '2027-03-02T01:00:50Z' },
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      DisconnectTimestamp: '2027-03-02T01:05:00Z',
      Attributes: { entryPoint: 'unified', category: 'tax' },
    });
  });

  it('gives records the ctr-consumer reads as answered, abandoned and self-service calls', async () => {
    const { trace, records } = recording();
    const call = (contactId: string) =>
      trace.started({ contactId, at: at('11:00:00'), dialed: UNIFIED, from: null });
    call('answered');
    trace.queued({ contactId: 'answered', at: at('11:00:10'), queue: 'counselors' });
    trace.answered({ contactId: 'answered', at: at('11:00:40'), agent: 'counselor1' });
    trace.agentDisconnected({ contactId: 'answered', at: at('11:04:00') });
    await trace.ended({
      contactId: 'answered',
      at: at('11:04:30'),
      reason: 'CONTACT_FLOW_DISCONNECT',
      attributes: {},
    });
    call('abandoned');
    trace.queued({ contactId: 'abandoned', at: at('11:00:10'), queue: 'counselors' });
    await trace.ended({
      contactId: 'abandoned',
      at: at('11:02:00'),
      reason: 'CUSTOMER_DISCONNECT',
      attributes: {},
    });
    call('ivr');
    await trace.ended({
      contactId: 'ivr',
      at: at('11:01:00'),
      reason: 'CONTACT_FLOW_DISCONNECT',
      attributes: {},
    });

    const outcomes = records.map((record) => {
      const decision = decide(contactTraceRecordSchema.parse(record), config);
      return decision.kind === 'update' ? [decision.contactId, decision.patch.outcome] : ['skip', ''];
    });
    expect(outcomes).toEqual([
      ['answered', 'answered'],
      ['abandoned', 'abandoned'],
      ['ivr', 'self-service'],
    ]);
    expect(records[0]).toMatchObject({ DisconnectReason: 'AGENT_DISCONNECT', CustomerEndpoint: null });
  });

  it('records a flow’s transfer to a phone number and forgets a contact once it is sent', async () => {
    const { trace, records } = recording();
    trace.started({ contactId: 't', at: at('12:00:00'), dialed: UNIFIED, from: '+821012345678' });
    const end = {
      contactId: 't',
      at: at('12:01:00'),
      reason: 'CONTACT_FLOW_DISCONNECT' as const,
      attributes: {},
    };
    await trace.ended({ ...end, transferredTo: '+82432012345' });
    await trace.ended(end);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      TransferCompletedTimestamp: '2027-03-02T03:01:00Z',
      TransferredToEndpoint: { Address: '+82432012345', Type: 'TELEPHONE_NUMBER' },
    });
  });
});
