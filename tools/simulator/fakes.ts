import { formatTicketNumber, parseTicketNumber, spokenDigits } from '#domain/ticket-number';
import type { ConnectContactFlowEvent, FlowFunction } from './types';

/**
 * In-memory fakes of the lookup, intake and escalation functions that answer exactly as
 * docs/contracts.md says (flat string maps, `status` always present). They let the simulator run
 * the real flows before the real handlers exist, and keep the simulator's own tests fast. The
 * scenario tests inject the real handlers instead when they are available.
 */

export interface FakeDepartment {
  id: string;
  nameKo: string;
  categories: string[];
  slaHours: number;
  transfer: { type: 'queue' } | { type: 'phone'; number: string };
}

export interface FakeTicket {
  ticketNumber: string;
  kind: string;
  category: string;
  departmentId: string;
  description: string;
  callerNumber: string | null;
  status: string;
}

export interface FakeBackend {
  functions: Record<'lookup' | 'intake' | 'escalation', FlowFunction>;
  tickets: FakeTicket[];
}

const STATUS_KO: Record<string, string> = {
  RECEIVED: '접수',
  ASSIGNED: '담당 부서 배정',
  IN_PROGRESS: '처리 중',
  COMPLETED: '처리 완료',
  REJECTED: '반려',
};

const caller = (event: ConnectContactFlowEvent): string | null => {
  const address = event.Details.ContactData.CustomerEndpoint?.Address;
  return address && address !== 'anonymous' ? address : null;
};

export const createFakeBackend = (options: {
  entryPoints: { id: string; number: string }[];
  departments: FakeDepartment[];
  year?: number;
}): FakeBackend => {
  const tickets: FakeTicket[] = [];
  const year = options.year ?? 2027;
  const departmentOf = (category: string) => options.departments.find((d) => d.categories.includes(category));

  const create = (fields: Omit<FakeTicket, 'ticketNumber' | 'status'>): FakeTicket => {
    const ticket = {
      ...fields,
      ticketNumber: formatTicketNumber(year, tickets.length + 1),
      status: 'RECEIVED',
    };
    tickets.push(ticket);
    return ticket;
  };
  const createdResponse = (ticket: FakeTicket, slaHours: number) => ({
    status: 'CREATED',
    ticketNumber: ticket.ticketNumber,
    ticketNumberSpoken: spokenDigits(ticket.ticketNumber),
    message: `접수번호는 ${spokenDigits(ticket.ticketNumber)}입니다. ${slaHours}시간 안에 담당자가 연락드리겠습니다.`,
  });

  const lookup: FlowFunction = async (event) => {
    const p = event.Details.Parameters;
    if (p.action === 'callerContext') {
      const from = caller(event);
      const dialed = event.Details.ContactData.SystemEndpoint?.Address;
      const entry = options.entryPoints.find((e) => e.number === dialed);
      const mine = from ? tickets.filter((t) => t.callerNumber === from) : [];
      const latest = mine.at(-1);
      return {
        status: 'OK',
        entryPoint: entry?.id ?? 'unknown',
        callerKnown: mine.length > 0 ? 'true' : 'false',
        openTickets: String(mine.filter((t) => t.status !== 'COMPLETED').length),
        latestTicket: latest?.ticketNumber ?? '',
        latestStatus: latest?.status ?? '',
        latestStatusKo: latest ? (STATUS_KO[latest.status] ?? latest.status) : '',
      };
    }
    if (p.action === 'ticketStatus') {
      const parsed = parseTicketNumber(p.ticketNumber ?? '');
      if (!parsed.ok) {
        return {
          status: parsed.reason === 'CHECK_DIGIT' ? 'INVALID_NUMBER' : 'INVALID_INPUT',
          message: '접수번호가 올바르지 않습니다. 다시 확인해 주세요.',
          ticketNumberSpoken: spokenDigits(p.ticketNumber ?? ''),
        };
      }
      const ticket = tickets.find((t) => t.ticketNumber === parsed.value);
      if (!ticket) {
        return {
          status: 'NOT_FOUND',
          message: `접수번호 ${spokenDigits(parsed.value)}로 접수된 민원을 찾지 못했습니다.`,
          ticketNumberSpoken: spokenDigits(parsed.value),
        };
      }
      return {
        status: 'FOUND',
        message: `접수번호 ${spokenDigits(ticket.ticketNumber)} 민원은 현재 ${STATUS_KO[ticket.status] ?? ticket.status} 상태입니다.`,
        ticketNumberSpoken: spokenDigits(ticket.ticketNumber),
      };
    }
    if (p.action === 'kbSearch') return { status: 'NO_MATCH', count: '0' };
    return { status: 'INVALID_INPUT', error: `unknown action ${p.action ?? ''}` };
  };

  const intake: FlowFunction = async (event) => {
    const p = event.Details.Parameters;
    const kind = p.kind ?? '';
    const category = p.category ?? '';
    const department = p.departmentId
      ? options.departments.find((d) => d.id === p.departmentId)
      : departmentOf(category);
    if (!['report', 'callback', 'inquiry'].includes(kind) || !department) {
      return { status: 'INVALID_INPUT', error: 'kind and category (or departmentId) are required' };
    }
    const ticket = create({
      kind,
      category: category || (department.categories[0] ?? ''),
      departmentId: department.id,
      description: p.description || '(전화 접수)',
      callerNumber: caller(event),
    });
    return createdResponse(ticket, department.slaHours);
  };

  const escalation: FlowFunction = async (event) => {
    const p = event.Details.Parameters;
    const fromQueue = p.queueName?.startsWith('dept-') ? p.queueName.slice(5) : undefined;
    const department =
      options.departments.find((d) => d.id === (p.departmentId || fromQueue)) ??
      (p.category ? departmentOf(p.category) : undefined);
    if (!department) return { status: 'INVALID_INPUT', error: 'unknown department' };
    const callback = () => {
      const ticket = create({
        kind: 'callback',
        category: department.categories[0] ?? '',
        departmentId: department.id,
        description: '부서 연결 실패, 회신 요청',
        callerNumber: caller(event),
      });
      return {
        ...createdResponse(ticket, department.slaHours),
        status: 'OK',
        outcome: 'callback',
        departmentId: department.id,
        departmentNameKo: department.nameKo,
      };
    };
    if (p.action === 'callback') return callback();
    if (p.action !== 'route') return { status: 'INVALID_INPUT', error: `unknown action ${p.action ?? ''}` };
    return department.transfer.type === 'queue'
      ? {
          status: 'OK',
          outcome: 'transfer',
          transferType: 'queue',
          departmentId: department.id,
          departmentNameKo: department.nameKo,
        }
      : {
          status: 'OK',
          outcome: 'transfer',
          transferType: 'phone',
          phoneNumber: department.transfer.number,
          departmentId: department.id,
          departmentNameKo: department.nameKo,
        };
  };

  // Like the real handlers (functions/commons/aws/time-budget.ts): with no time left before the
  // flow's deadline nothing is done (the simulator's `slow` fault runs them that way).
  const inTime =
    (fn: FlowFunction): FlowFunction =>
    (event, context) => {
      if (context.getRemainingTimeInMillis() <= 0) throw new Error('Fake: no time left; nothing done');
      return fn(event, context);
    };
  return {
    functions: { lookup: inTime(lookup), intake: inTime(intake), escalation: inTime(escalation) },
    tickets,
  };
};
