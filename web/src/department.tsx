import { useEffect, useState } from 'preact/hooks';
import {
  DEPARTMENT_MESSAGE_LABELS_KO,
  SLA_LABELS_KO,
  TICKET_ACTION_LABELS_KO,
  TICKET_MOVE_LABELS_KO,
  TICKET_STATUS_LABELS_KO,
} from '#domain/ticket-labels';
import {
  type DepartmentMessage,
  type DevLogin,
  get,
  type HistoryEntry,
  post,
  type SandboxInfo,
  type TicketView,
} from './api';
import { formatCityTime } from './city-time';
import { visibleDepartments } from './roles';
import { newerTicket } from './selection';

/** The desk API's ticket as the 부서 screen uses it (docs/contracts.md, TicketView). */
type DeptTicket = Omit<TicketView, 'history'> & {
  assignee?: string;
  sla?: 'overdue' | 'due-soon';
  history: (HistoryEntry & { assignee?: string })[];
};

interface InboxMessage {
  receiptHandle: string;
  body: DepartmentMessage & { changedAt?: string; changedBy?: string; assignee?: string };
  read: boolean;
  receivedAt: string;
}

interface InboxPage {
  messages: InboxMessage[];
  unread: number;
  nextCursor?: string;
}

const PAGE_SIZE = 20;
const INBOX_REFRESH_MS = 10_000;

/** The next step of each open status: the button's words and whether a note is required. */
const NEXT: Record<string, { to: keyof typeof TICKET_ACTION_LABELS_KO; needsNote?: boolean }[]> = {
  RECEIVED: [{ to: 'ASSIGNED' }],
  ASSIGNED: [{ to: 'IN_PROGRESS' }],
  IN_PROGRESS: [{ to: 'RESOLVED', needsNote: true }],
};

const STATUS_FILTERS: [string, string][] = [
  ['', '진행 중 전체'],
  ['RECEIVED', TICKET_STATUS_LABELS_KO.RECEIVED],
  ['ASSIGNED', TICKET_STATUS_LABELS_KO.ASSIGNED],
  ['IN_PROGRESS', TICKET_STATUS_LABELS_KO.IN_PROGRESS],
  ['RESOLVED', TICKET_STATUS_LABELS_KO.RESOLVED],
  ['REJECTED,DUPLICATE', `${TICKET_STATUS_LABELS_KO.REJECTED}·${TICKET_STATUS_LABELS_KO.DUPLICATE}`],
];

const label = (labels: Record<string, string>, key: string): string => labels[key] ?? key;

export function SlaBadge(props: { sla: DeptTicket['sla'] }) {
  if (props.sla === undefined) return null;
  return (
    <span class={`sla sla-${props.sla}`} data-testid={`sla-${props.sla}`}>
      {props.sla === 'overdue' ? SLA_LABELS_KO.overdue : SLA_LABELS_KO.dueSoon}
    </span>
  );
}

/**
 * 부서: a department's inbox (every queue message, kept by the inbox consumer; each staff member
 * acknowledges for themself) and its work, most urgent first, paged; a ticket's steps, hand-over
 * and reassignment. Times are the city's (`info.timezone`).
 */
export function DepartmentScreen(props: { info: SandboxInfo; login: DevLogin }) {
  const { info, login } = props;
  const choices = visibleDepartments(
    login.groups,
    info.departments.map((d) => d.id),
  );
  const [department, setDepartment] = useState(choices[0] ?? '');
  const [inbox, setInbox] = useState<InboxPage>({ messages: [], unread: 0 });
  const [tickets, setTickets] = useState<DeptTicket[]>([]);
  const [nextCursor, setNextCursor] = useState<string | undefined>(undefined);
  const [statusFilter, setStatusFilter] = useState('');
  const [mineOnly, setMineOnly] = useState(false);
  const [selected, setSelected] = useState<DeptTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const zone = info.timezone;

  const listQuery = (cursor?: string) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (statusFilter) query.set('status', statusFilter);
    if (mineOnly) query.set('assignee', 'me');
    if (cursor) query.set('cursor', cursor);
    return `/api/departments/${department}/tickets?${query}`;
  };

  /** The first page again (after a change, or a new filter). */
  const loadTickets = async () => {
    try {
      const page = await get<{ tickets: DeptTicket[]; nextCursor?: string }>(listQuery());
      setTickets(page.tickets);
      setNextCursor(page.nextCursor);
      setSelected((s) => (s ? newerTicket(s, page.tickets) : s));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const loadMore = async () => {
    if (!nextCursor) return;
    try {
      const page = await get<{ tickets: DeptTicket[]; nextCursor?: string }>(listQuery(nextCursor));
      setTickets((old) => [...old, ...page.tickets]);
      setNextCursor(page.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const loadInbox = async () => {
    try {
      setInbox(await get<InboxPage>(`/api/departments/${department}/inbox?limit=30`));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    setSelected(null);
    setError(null);
    void loadTickets();
  }, [department, statusFilter, mineOnly]);

  useEffect(() => {
    void loadInbox();
    // Reading the inbox changes nothing (no queue is touched): refreshing is only a read.
    const timer = setInterval(loadInbox, INBOX_REFRESH_MS);
    return () => clearInterval(timer);
  }, [department]);

  const ack = async (message: InboxMessage) => {
    try {
      await post(`/api/departments/${department}/inbox/ack`, { receiptHandle: message.receiptHandle });
      await loadInbox();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const open = async (ticketNumber: string) => {
    try {
      setSelected(await get<DeptTicket>(`/api/tickets/${ticketNumber}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const name = (id: string) => info.departments.find((d) => d.id === id)?.nameKo ?? id;

  return (
    <div class="dept-layout">
      <div class="dept-head">
        <h1>{name(department)}</h1>
        {choices.length > 1 && (
          <select
            data-testid="dept-select"
            value={department}
            onChange={(e) => setDepartment((e.target as HTMLSelectElement).value)}
          >
            {choices.map((id) => (
              <option key={id} value={id}>
                {name(id)}
              </option>
            ))}
          </select>
        )}
        <button
          type="button"
          class="ghost"
          onClick={() => {
            void loadInbox();
            void loadTickets();
          }}
        >
          새로 고침
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      <div class="dept-columns">
        <section class="card" data-testid="dept-inbox">
          <h2>
            수신함{' '}
            <span class="count" data-testid="inbox-unread">
              {inbox.unread}
            </span>
          </h2>
          <p class="muted small">
            안 읽은 알림 {inbox.unread}건 · 확인을 누르면 나에게만 읽음으로 표시됩니다.
          </p>
          {inbox.messages.length === 0 && <p class="muted">받은 알림이 없습니다.</p>}
          {inbox.messages.map((m) => (
            <div
              class={`message ${m.read ? 'read' : 'unread'}`}
              key={m.receiptHandle}
              data-testid="inbox-message"
              data-read={m.read ? 'true' : 'false'}
            >
              <div class="queue-line">
                <span class="tag">{label(DEPARTMENT_MESSAGE_LABELS_KO, m.body.type)}</span>
                <span class="muted small" data-testid="inbox-time">
                  {formatCityTime(m.body.changedAt ?? m.body.createdAt, zone)}
                </span>
              </div>
              <button type="button" class="link mono" onClick={() => void open(m.body.ticketNumber)}>
                {m.body.ticketNumber}
              </button>
              <div class="small">{m.body.summary}</div>
              <div class="queue-line">
                <span class={`status status-${m.body.status}`}>
                  {label(TICKET_STATUS_LABELS_KO, m.body.status)}
                </span>
                {m.body.changedBy && <span class="muted small">{m.body.changedBy}</span>}
                {!m.read && (
                  <button
                    type="button"
                    class="ghost small-button"
                    data-testid="inbox-ack"
                    onClick={() => void ack(m)}
                  >
                    확인
                  </button>
                )}
              </div>
            </div>
          ))}
        </section>

        <section class="card" data-testid="dept-tickets">
          <h2>처리할 민원 (처리 기한 순)</h2>
          <div class="filters">
            <select
              data-testid="ticket-status-filter"
              value={statusFilter}
              onChange={(e) => setStatusFilter((e.target as HTMLSelectElement).value)}
            >
              {STATUS_FILTERS.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            <label class="check">
              <input
                type="checkbox"
                data-testid="ticket-mine"
                checked={mineOnly}
                onChange={(e) => setMineOnly((e.target as HTMLInputElement).checked)}
              />
              내 담당만
            </label>
          </div>
          {tickets.length === 0 && <p class="muted">처리할 민원이 없습니다.</p>}
          <table class="table clickable">
            <tbody>
              {tickets.map((t) => (
                <tr
                  key={t.ticketNumber}
                  data-testid={`ticket-row-${t.ticketNumber}`}
                  class={selected?.ticketNumber === t.ticketNumber ? 'selected' : ''}
                  onClick={() => setSelected(t)}
                >
                  <td class="mono">{t.ticketNumber}</td>
                  <td>{t.location ?? ''}</td>
                  <td>{t.description}</td>
                  <td class="small">{t.assignee ?? '미배정'}</td>
                  <td class="small" data-testid="ticket-due">
                    {formatCityTime(t.dueAt, zone)} <SlaBadge sla={t.sla} />
                  </td>
                  <td>
                    <span class={`status status-${t.status}`}>{t.statusKo}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row between">
            <span class="muted small" data-testid="ticket-count">
              {tickets.length}건 표시{nextCursor ? ' · 더 있음' : ''}
            </span>
            {nextCursor && (
              <button type="button" class="ghost" data-testid="ticket-more" onClick={() => void loadMore()}>
                더 보기
              </button>
            )}
          </div>
        </section>

        <section class="card ticket-detail">
          {selected ? (
            <TicketDetail
              key={`${selected.ticketNumber}-${selected.version}`}
              info={info}
              login={login}
              ticket={selected}
              onChanged={(t) => {
                setSelected(t);
                void loadTickets();
              }}
            />
          ) : (
            <p class="muted">민원을 고르세요.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function TicketDetail(props: {
  info: SandboxInfo;
  login: DevLogin;
  ticket: DeptTicket;
  onChanged: (ticket: DeptTicket) => void;
}) {
  const { ticket, info } = props;
  const zone = info.timezone;
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Reassignment: a target and a reason first, then an explicit confirmation.
  const [target, setTarget] = useState('');
  const [reassignNote, setReassignNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  // Hand-over to a colleague.
  const [assignee, setAssignee] = useState('');
  const [handOverNote, setHandOverNote] = useState('');

  const act = async (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await post<DeptTicket>(path, { ...body, expectedVersion: ticket.version }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const name = (id: string) => info.departments.find((d) => d.id === id)?.nameKo ?? id;
  const actions = NEXT[ticket.status] ?? [];
  const isOpen = actions.length > 0;

  return (
    <div data-testid="ticket-detail">
      <div class="pop-head">
        <h2 class="mono">{ticket.ticketNumber}</h2>
        <span
          class={`status status-${ticket.status}`}
          data-testid="ticket-status"
          data-status={ticket.status}
        >
          {ticket.statusKo}
        </span>
        <SlaBadge sla={ticket.sla} />
      </div>
      <dl class="facts">
        <div>
          <dt>분야</dt>
          <dd>{info.categories.find((c) => c.code === ticket.category)?.nameKo ?? ticket.category}</dd>
        </div>
        <div>
          <dt>위치</dt>
          <dd>{ticket.location ?? '—'}</dd>
        </div>
        <div>
          <dt>신고자</dt>
          <dd>{ticket.callerMasked ?? '—'}</dd>
        </div>
        <div>
          <dt>담당자</dt>
          <dd data-testid="ticket-assignee">{ticket.assignee ?? '미배정'}</dd>
        </div>
        <div>
          <dt>접수 시각</dt>
          <dd>{formatCityTime(ticket.createdAt, zone)}</dd>
        </div>
        <div>
          <dt>처리 기한</dt>
          <dd>{formatCityTime(ticket.dueAt, zone)}</dd>
        </div>
      </dl>
      <p>{ticket.description}</p>
      {isOpen && (
        <div class="form">
          <label class="field">
            <span>처리 메모</span>
            <input
              data-testid="ticket-note"
              value={note}
              placeholder="예: 가로등 전구 교체 완료"
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
            />
          </label>
          <div class="row">
            {actions.map((a) => (
              <button
                type="button"
                key={a.to}
                class="primary"
                data-testid={`ticket-to-${a.to}`}
                disabled={busy || (a.needsNote === true && !note.trim())}
                onClick={() =>
                  void act(`/api/tickets/${ticket.ticketNumber}/transitions`, {
                    to: a.to,
                    ...(note.trim() ? { note } : {}),
                  })
                }
              >
                {TICKET_ACTION_LABELS_KO[a.to]}
              </button>
            ))}
          </div>

          <h3>{TICKET_MOVE_LABELS_KO.handOver}</h3>
          <div class="row">
            <input
              data-testid="handover-assignee"
              value={assignee}
              placeholder="담당자 아이디 (예: staff-living-2)"
              onInput={(e) => setAssignee((e.target as HTMLInputElement).value)}
            />
            {!ticket.assignee && (
              <button
                type="button"
                class="ghost"
                data-testid="handover-me"
                onClick={() => setAssignee(props.login.username)}
              >
                나
              </button>
            )}
          </div>
          <div class="row">
            <input
              data-testid="handover-note"
              value={handOverNote}
              placeholder="인계 메모 (선택)"
              onInput={(e) => setHandOverNote((e.target as HTMLInputElement).value)}
            />
            <button
              type="button"
              class="secondary"
              data-testid="handover-submit"
              disabled={busy || !assignee.trim() || assignee.trim() === ticket.assignee}
              onClick={() =>
                void act(`/api/tickets/${ticket.ticketNumber}/assignee`, {
                  assignee: assignee.trim(),
                  ...(handOverNote.trim() ? { note: handOverNote } : {}),
                })
              }
            >
              {TICKET_MOVE_LABELS_KO.handOver}
            </button>
          </div>

          <h3>{TICKET_MOVE_LABELS_KO.reassign} (다른 부서로)</h3>
          <div class="row">
            <select
              data-testid="reassign-target"
              value={target}
              onChange={(e) => {
                setTarget((e.target as HTMLSelectElement).value);
                setConfirming(false);
              }}
            >
              <option value="">부서를 고르세요</option>
              {info.departments
                .filter((d) => d.id !== ticket.departmentId)
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.nameKo}
                  </option>
                ))}
            </select>
          </div>
          <label class="field">
            <span>재배정 사유 (필수)</span>
            <input
              data-testid="reassign-note"
              value={reassignNote}
              placeholder="예: 상수도 누수라 상수도사업본부 소관"
              onInput={(e) => setReassignNote((e.target as HTMLInputElement).value)}
            />
          </label>
          {!confirming ? (
            <button
              type="button"
              class="secondary"
              data-testid="reassign-start"
              disabled={busy || !target || !reassignNote.trim()}
              onClick={() => setConfirming(true)}
            >
              {TICKET_MOVE_LABELS_KO.reassign}…
            </button>
          ) : (
            <div class="confirm" data-testid="reassign-confirm-box">
              <p>
                {ticket.ticketNumber} 민원을 <strong>{name(target)}</strong>(으)로 재배정합니다. 처리 기한이
                새로 정해지고 담당자는 비워집니다.
              </p>
              <div class="row">
                <button
                  type="button"
                  class="danger"
                  data-testid="reassign-confirm"
                  disabled={busy}
                  onClick={() =>
                    void act(`/api/tickets/${ticket.ticketNumber}/reassign`, {
                      departmentId: target,
                      note: reassignNote,
                    })
                  }
                >
                  재배정 확인
                </button>
                <button type="button" class="ghost" onClick={() => setConfirming(false)}>
                  취소
                </button>
              </div>
            </div>
          )}
        </div>
      )}
      {error && <p class="error">{error}</p>}
      <h3>처리 이력</h3>
      <ol class="history" data-testid="ticket-history">
        {ticket.history.map((h, i) => (
          <li key={i}>
            <span class={`status status-${h.status}`}>{h.statusKo}</span>
            <span class="small">
              {formatCityTime(h.at, zone)} · {name(h.departmentId)} · {h.by}
              {h.assignee ? ` → 담당 ${h.assignee}` : ''}
            </span>
            {h.note && <div class="small muted">{h.note}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}
