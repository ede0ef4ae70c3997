import {
  ConflictException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmsSender } from '#adapters/sms-sender';
import { loadRuntimeConfig } from '#commons/runtime-config';
import { reassign, transition } from '#domain/lifecycle';
import { createTicket, type Ticket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { createCitizenNotifier, decideNotice, type NoticeLog } from '#functions/use-cases/citizen-notice';
import { createTicketStatus } from '#functions/use-cases/ticket-status';
import { HANDLER_ENV } from '../handlers/support';

const config = loadRuntimeConfig(HANDLER_ENV);
const sms = mockClient(PinpointSMSVoiceV2Client);
const IDENTITY = 'arn:aws:sms-voice:ap-northeast-2:000000000000:pool/pool-test';
const NOW = new Date('2027-03-05T03:00:00Z');
const TZ = 'Asia/Seoul';

const report = (withheld = false): Ticket =>
  createTicket(
    {
      kind: 'report',
      category: 'living-complaints',
      description: '맨홀 뚜껑 파손',
      location: '상당로 1',
      by: 'ivr',
    },
    {
      ticketNumber: formatTicketNumber(2027, 42),
      now: new Date('2027-03-04T00:00:00Z'),
      timeZone: TZ,
      department: { id: 'roads', slaHours: 48 },
      caller: withheld
        ? { withheld: true }
        : { withheld: false, number: '+821012345678', hash: 'a'.repeat(64) },
    },
  );

const step = (ticket: Ticket, to: Ticket['status'], note?: string): Ticket => {
  const result = transition(ticket, {
    to,
    by: 'kim',
    at: NOW,
    timeZone: TZ,
    ...(note !== undefined && { note }),
  });
  if (!result.ok) throw result.error;
  return result.ticket;
};

const memoryLog = (): NoticeLog & { keys: Set<string> } => {
  const keys = new Set<string>();
  return {
    keys,
    claim: async (key) => {
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    },
    complete: async () => undefined,
    release: async (key) => {
      keys.delete(key);
    },
  };
};

const notifier = (log = memoryLog()) =>
  createCitizenNotifier({
    sender: createSmsSender({
      client: new PinpointSMSVoiceV2Client({ region: 'ap-northeast-2' }),
      originationIdentity: IDENTITY,
    }),
    log,
    config,
    now: () => NOW,
  });

afterEach(() => sms.reset());

describe('citizen notice', () => {
  it('sends one TRANSACTIONAL SMS from the city’s identity when a report is resolved', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-1' });
    const progressed = step(step(report(), 'ASSIGNED'), 'IN_PROGRESS');
    const resolved = step(progressed, 'RESOLVED', '뚜껑 교체 완료, 담당 김주무관 010-9999-8888');
    const result = await notifier()(progressed, resolved);
    expect(result).toMatchObject({ outcome: 'sent', messageId: 'm-1' });
    const calls = sms.commandCalls(SendTextMessageCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: '+821012345678',
      OriginationIdentity: IDENTITY,
      MessageBody: expect.any(String),
      MessageType: 'TRANSACTIONAL',
      Context: { ticketNumber: resolved.ticketNumber, version: '4', reason: 'result' },
    });
  });

  it('says nothing the phone’s status lookup does not say', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-2' });
    const progressed = step(step(report(), 'ASSIGNED'), 'IN_PROGRESS');
    const resolved = step(progressed, 'RESOLVED', '뚜껑 교체 완료, 담당 김주무관');
    await notifier()(progressed, resolved);
    const text = String(sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input.MessageBody);
    const lookup = await createTicketStatus({
      repository: { get: async () => resolved } as never,
      config,
      now: () => NOW,
    })(resolved.ticketNumber);
    const spokenNumber = lookup.message.match(/\d(?:[ ,]+\d)+/)?.[0] ?? '';
    const lookupLine = lookup.message.replace('문의하신 ', '').replace(spokenNumber, '2027-000-0042');
    expect(text.startsWith(`[${config.city.ko}] `)).toBe(true);
    expect(text.slice(`[${config.city.ko}] `.length)).toBe(
      lookupLine.replace(/2027-000-0042/, text.match(/\d{4}-\d{3}-\d{4}/)?.[0] ?? ''),
    );
    for (const secret of ['상당로', '맨홀', '김주무관', '교체', '010', 'kim'])
      expect(text).not.toContain(secret);
  });

  it('sends at most one message per change, even when the stream record is delivered twice', async () => {
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'm-3' });
    const log = memoryLog();
    const before = step(step(report(), 'ASSIGNED'), 'IN_PROGRESS');
    const after = step(before, 'RESOLVED', '완료');
    const notify = notifier(log);
    await notify(before, after);
    expect(await notify(before, after)).toMatchObject({ outcome: 'already-sent' });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(1);
  });

  it('sends nothing for a withheld number', async () => {
    const before = step(step(report(true), 'ASSIGNED'), 'IN_PROGRESS');
    const after = step(before, 'RESOLVED', '완료');
    expect(await notifier()(before, after)).toEqual({ outcome: 'skipped', reason: 'withheld' });
    expect(sms.commandCalls(SendTextMessageCommand)).toHaveLength(0);
  });

  it('honours the opt-out list: an opted-out number is recorded, not retried', async () => {
    sms.on(SendTextMessageCommand).rejects(
      new ConflictException({
        message: 'opted out',
        $metadata: {},
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      } as never),
    );
    const log = memoryLog();
    const before = step(step(report(), 'ASSIGNED'), 'IN_PROGRESS');
    const after = step(before, 'RESOLVED', '완료');
    expect(await notifier(log)(before, after)).toMatchObject({ outcome: 'opted-out' });
    expect(log.keys.has(`${after.ticketNumber}#v4`)).toBe(true);
  });

  it('releases the claim when sending fails, so a retry can send', async () => {
    sms.on(SendTextMessageCommand).rejectsOnce(new Error('throttled')).resolves({ MessageId: 'm-4' });
    const log = memoryLog();
    const before = step(step(report(), 'ASSIGNED'), 'IN_PROGRESS');
    const after = step(before, 'RESOLVED', '완료');
    await expect(notifier(log)(before, after)).rejects.toThrow('throttled');
    expect(await notifier(log)(before, after)).toMatchObject({ outcome: 'sent' });
  });

  it('texts a reassignment and a moved due date, and nothing for steps in between', () => {
    const ticket = report();
    const assigned = step(ticket, 'ASSIGNED');
    expect(decideNotice(ticket, assigned, config, NOW)).toEqual({ kind: 'skip', reason: 'no-change' });
    const moved = reassign(assigned, {
      department: { id: 'tax', slaHours: 72 },
      by: 'kim',
      at: NOW,
      timeZone: TZ,
    });
    if (!moved.ok) throw moved.error;
    expect(decideNotice(assigned, moved.ticket, config, NOW)).toMatchObject({
      kind: 'send',
      notice: { reason: 'reassigned' },
    });
    const due = { ...assigned, version: assigned.version + 1, dueAt: '2027-03-09T10:00:00.000+09:00' };
    expect(decideNotice(assigned, due, config, NOW)).toMatchObject({
      kind: 'send',
      notice: { reason: 'due-moved' },
    });
    const callback = { ...assigned, kind: 'callback' as const };
    expect(decideNotice(ticket, { ...callback, status: 'REJECTED', version: 3 }, config, NOW)).toEqual({
      kind: 'skip',
      reason: 'not-a-report',
    });
  });
});
