import { useEffect, useState } from 'preact/hooks';
import { TICKET_STATUS_LABELS_KO } from '#domain/ticket-status';
import {
  type DepartmentMessage,
  type DevLogin,
  formatTime,
  get,
  post,
  type SandboxInfo,
  type TicketView,
} from './api';
import { visibleDepartments } from './roles';

interface InboxMessage {
  receiptHandle: string;
  body: DepartmentMessage;
}

const TYPE_KO: Record<string, string> = {
  'ticket.created': '새 민원',
  'ticket.status-changed': '상태 변경',
  'ticket.reassigned': '재배정',
};

const NEXT: Record<string, { to: string; label: string; needsNote?: boolean }[]> = {
  RECEIVED: [{ to: 'ASSIGNED', label: '담당 접수' }],
  ASSIGNED: [{ to: 'IN_PROGRESS', label: '처리 시작' }],
  IN_PROGRESS: [{ to: 'RESOLVED', label: '처리 완료', needsNote: true }],
};

/** 부서: a department's inbox (its SQS queue) and its tickets, worked to completion. */
export function DepartmentScreen(props: { info: SandboxInfo; login: DevLogin }) {
  const { info, login } = props;
  const choices = visibleDepartments(
    login.groups,
    info.departments.map((d) => d.id),
  );
  const [department, setDepartment] = useState(choices[0] ?? '');
  const [messages, setMessages] = useState<Map<string, InboxMessage>>(new Map());
  const [tickets, setTickets] = useState<TicketView[]>([]);
  const [selected, setSelected] = useState<TicketView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadTickets = async () => {
    try {
      const r = await get<{ tickets: TicketView[] }>(`/api/departments/${department}/tickets`);
      setTickets(r.tickets);
      setSelected((s) => (s ? (r.tickets.find((t) => t.ticketNumber === s.ticketNumber) ?? s) : s));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const loadInbox = async () => {
    try {
      const r = await get<{ messages: InboxMessage[] }>(`/api/departments/${department}/inbox`);
      if (r.messages.length === 0) return;
      setMessages((old) => {
        const next = new Map(old);
        for (const m of r.messages) next.set(m.body.messageId, m);
        return next;
      });
      void loadTickets();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    setMessages(new Map());
    setSelected(null);
    setError(null);
    void loadTickets();
    void loadInbox();
    const timer = setInterval(loadInbox, 3000);
    return () => clearInterval(timer);
  }, [department]);

  const ack = async (message: InboxMessage) => {
    try {
      await post(`/api/departments/${department}/inbox/ack`, { receiptHandle: message.receiptHandle });
      setMessages((old) => {
        const next = new Map(old);
        next.delete(message.body.messageId);
        return next;
      });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const open = async (ticketNumber: string) => {
    try {
      setSelected(await get<TicketView>(`/api/tickets/${ticketNumber}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const name = (id: string) => info.departments.find((d) => d.id === id)?.nameKo ?? id;
  const inbox = [...messages.values()].sort((a, b) => b.body.messageId.localeCompare(a.body.messageId));

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
        <button type="button" class="ghost" onClick={() => void loadInbox()}>
          새로 고침
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      <div class="dept-columns">
        <section class="card" data-testid="dept-inbox">
          <h2>
            수신함 <span class="count">{inbox.length}</span>
          </h2>
          {inbox.length === 0 && <p class="muted">새 메시지가 없습니다.</p>}
          {inbox.map((m) => (
            <div class="message" key={m.body.messageId} data-testid="inbox-message">
              <div class="queue-line">
                <span class="tag">{TYPE_KO[m.body.type] ?? m.body.type}</span>
                <span class="muted small">{formatTime(m.body.createdAt)}</span>
              </div>
              <button type="button" class="link mono" onClick={() => void open(m.body.ticketNumber)}>
                {m.body.ticketNumber}
              </button>
              <div class="small">{m.body.summary}</div>
              <div class="queue-line">
                <span class={`status status-${m.body.status}`}>
                  {TICKET_STATUS_LABELS_KO[m.body.status] ?? m.body.status}
                </span>
                <button
                  type="button"
                  class="ghost small-button"
                  data-testid="inbox-ack"
                  onClick={() => void ack(m)}
                >
                  확인
                </button>
              </div>
            </div>
          ))}
        </section>

        <section class="card" data-testid="dept-tickets">
          <h2>
            처리할 민원 <span class="count">{tickets.length}</span>
          </h2>
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
                  <td>
                    <span class={`status status-${t.status}`}>{t.statusKo}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section class="card ticket-detail">
          {selected ? (
            <TicketDetail
              key={`${selected.ticketNumber}-${selected.version}`}
              info={info}
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
  ticket: TicketView;
  onChanged: (ticket: TicketView) => void;
}) {
  const { ticket, info } = props;
  const [note, setNote] = useState('');
  const [target, setTarget] = useState(info.departments.find((d) => d.id !== ticket.departmentId)?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (path: string, body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await post<TicketView>(path, { ...body, expectedVersion: ticket.version }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const name = (id: string) => info.departments.find((d) => d.id === id)?.nameKo ?? id;
  const actions = NEXT[ticket.status] ?? [];

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
          <dt>처리 기한</dt>
          <dd>{formatTime(ticket.dueAt)}</dd>
        </div>
      </dl>
      <p>{ticket.description}</p>
      {actions.length > 0 && (
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
                {a.label}
              </button>
            ))}
          </div>
          <div class="row">
            <select value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
              {info.departments
                .filter((d) => d.id !== ticket.departmentId)
                .map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.nameKo}
                  </option>
                ))}
            </select>
            <button
              type="button"
              class="secondary"
              disabled={busy || !target}
              onClick={() =>
                void act(`/api/tickets/${ticket.ticketNumber}/reassign`, {
                  departmentId: target,
                  ...(note.trim() ? { note } : {}),
                })
              }
            >
              재배정
            </button>
          </div>
        </div>
      )}
      {error && <p class="error">{error}</p>}
      <h3>처리 이력</h3>
      <ol class="history" data-testid="ticket-history">
        {ticket.history.map((h, i) => (
          <li key={i}>
            <span class={`status status-${h.status}`}>{h.statusKo}</span>
            <span class="small">
              {formatTime(h.at)} · {name(h.departmentId)} · {h.by}
            </span>
            {h.note && <div class="small muted">{h.note}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}
