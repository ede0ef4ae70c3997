import { describe, expect, it, vi } from 'vitest';
import { loadRuntimeConfig } from '#commons/runtime-config';
import { createTicket } from '#domain/ticket';
import { formatTicketNumber } from '#domain/ticket-number';
import { deliveriesForChange, ticketSummary } from '#functions/use-cases/department-message';
import { createEscalation } from '#functions/use-cases/escalate';
import { koreanMonthDay, ticketStatusMessage } from '#functions/use-cases/speech';
import { HANDLER_ENV } from '../handlers/support';

const config = loadRuntimeConfig(HANDLER_ENV);

describe('department messages', () => {
  const ticket = createTicket(
    { kind: 'report', category: 'living-complaints', description: '가'.repeat(300), by: 'ivr' },
    {
      ticketNumber: formatTicketNumber(2027, 1),
      now: new Date('2027-03-02T01:00:00Z'),
      timeZone: 'Asia/Seoul',
      department: { id: 'roads', slaHours: 48 },
      caller: { withheld: true },
    },
  );

  it('cuts the description to 200 characters in the summary and omits an absent location', () => {
    const summary = ticketSummary(ticket);
    expect([...summary]).toHaveLength(200);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toContain('·');
  });

  it('sends nothing for an older or equal version (a replayed record)', () => {
    expect(deliveriesForChange({ ...ticket, version: 2 }, ticket)).toEqual([]);
  });

  it('omits callerMasked for a withheld caller', () => {
    const [delivery] = deliveriesForChange(undefined, ticket);
    expect(delivery?.message).not.toHaveProperty('callerMasked');
  });
});

describe('escalation use case', () => {
  const roads = config.departments.find((department) => department.id === 'roads');
  if (roads === undefined) throw new Error('fixture');

  it('passes an idempotency key per contact for the call-back ticket', async () => {
    const createTicketFn = vi.fn(async () => ({
      ticketNumber: formatTicketNumber(2027, 1),
      kind: 'callback' as const,
      category: 'living-complaints' as const,
      departmentId: 'roads',
      dueAt: '2027-03-04T10:00:00.000+09:00',
      callerWithheld: false,
    }));
    const escalation = createEscalation({
      availability: { agentsAvailable: async () => 0 },
      createTicket: createTicketFn,
      config,
    });
    await escalation.route(roads, { caller: { withheld: true }, contactId: 'c-1' });
    expect(createTicketFn).toHaveBeenCalledWith(
      expect.objectContaining({
        idempotencyKey: 'contact:c-1#callback',
        kind: 'callback',
        departmentId: 'roads',
      }),
    );
  });
});

describe('Korean sentences', () => {
  it('reads dates in the city’s time zone', () => {
    expect(koreanMonthDay('2027-03-04T16:00:00Z', 'Asia/Seoul')).toBe('3월 5일');
    expect(koreanMonthDay('2027-12-31T15:30:00.000Z', 'Asia/Seoul')).toBe('1월 1일');
  });

  it.each([
    ['ASSIGNED', '배정 단계에 있으며'],
    ['IN_PROGRESS', '처리중 단계에 있으며'],
    ['REJECTED', '반려 처리되었습니다'],
    ['DUPLICATE', '먼저 접수된 같은 내용의 민원과 함께'],
  ] as const)('words the status %s naturally', (status, words) => {
    const message = ticketStatusMessage({
      ticketNumber: formatTicketNumber(2027, 1),
      departmentNameKo: '도로과',
      status,
      dueAt: '2027-03-05T10:00:00.000+09:00',
      timeZone: 'Asia/Seoul',
      now: new Date('2027-03-02T01:00:00Z'),
    });
    expect(message).toContain(words);
    expect(message).toContain('도로과');
  });
});
