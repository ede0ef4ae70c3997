import { useEffect, useState } from 'preact/hooks';
import {
  type DevLogin,
  type EscalationResult,
  formatTime,
  fromE164,
  get,
  post,
  type QueuedCall,
  requestId,
  type SandboxInfo,
  type TicketView,
} from './api';
import type { ContactSource, DeskCall } from './contact-source';
import { KbSearch } from './kb-search';
import { SandboxContactSource } from './sandbox-source';

type Disposition = 'answered' | 'transferred' | 'ticket';

const DISPOSITIONS: [Disposition, string][] = [
  ['answered', '직접 답변 (1차 해결)'],
  ['transferred', '부서 연결'],
  ['ticket', '신고·민원 접수'],
];

interface Created {
  ticketNumber: string;
  ticketNumberSpoken: string;
  departmentId: string;
  dueAt: string;
  message: string;
}

/** 상담사: the counselor's desk — current call, screen pop, 상담DB, intake, escalation, abuse warning, wrap-up. */
export function DeskScreen(props: { info: SandboxInfo; login: DevLogin; source: ContactSource | null }) {
  const { info, source } = props;
  const [current, setCurrent] = useState<DeskCall | null>(null);
  const [wrapped, setWrapped] = useState<string | null>(null);

  useEffect(() => {
    if (!source) return;
    return source.subscribe((call) => {
      if (call) setWrapped(null);
      setCurrent(call);
    });
  }, [source]);

  const entryName = (id: string | null | undefined) =>
    info.entryPoints.find((e) => e.id === id)?.nameKo ?? '알 수 없음';
  const categoryName = (code: string | undefined) =>
    info.categories.find((c) => c.code === code)?.nameKo ?? (code ? code : '선택 안 함');

  return (
    <div class="desk-layout">
      {source instanceof SandboxContactSource ? (
        <SandboxQueue
          source={source}
          login={props.login}
          busy={!!current}
          entryName={entryName}
          categoryName={categoryName}
        />
      ) : (
        <aside class="card queue" data-testid="desk-source">
          <h2>통화</h2>
          {!source ? (
            <p class="muted">Amazon Connect 연결 확인 중…</p>
          ) : source.kind === 'connect' ? (
            <p class="muted">
              Amazon Connect 상담 화면과 연결되었습니다. 전화를 받으면 이 화면에 시민 정보가 나타납니다.
            </p>
          ) : (
            <p class="muted">
              Amazon Connect 상담원 작업 공간 밖에서 열렸습니다. 통화 정보 없이 상담DB를 쓸 수 있습니다.
            </p>
          )}
        </aside>
      )}

      <div class="desk-main">
        {wrapped && (
          <div class="banner ok" data-testid="desk-wrapped">
            {wrapped}
          </div>
        )}
        {current && source ? (
          <ActiveCall
            key={current.contactId}
            info={info}
            call={current}
            source={source}
            entryName={entryName}
            categoryName={categoryName}
            onDone={(message) => {
              source.release(current.contactId);
              setWrapped(message);
            }}
          />
        ) : (
          <section class="card">
            <h2>상담DB</h2>
            <KbSearch info={info} category="" />
          </section>
        )}
      </div>
    </div>
  );
}

/** The sandbox's counselor queue: waiting simulated calls, and the ones this counselor took. */
function SandboxQueue(props: {
  source: SandboxContactSource;
  login: DevLogin;
  busy: boolean;
  entryName: (id: string | null | undefined) => string;
  categoryName: (code: string | undefined) => string;
}) {
  const { source, entryName, categoryName } = props;
  const [queue, setQueue] = useState<QueuedCall[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      get<{ calls: QueuedCall[] }>('/sandbox/queue').then(
        (r) => alive && setQueue(r.calls),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 1500);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  const take = async (call: QueuedCall) => {
    setError(null);
    try {
      await source.accept(call);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const waiting = queue.filter((c) => c.state === 'queued');
  const mine = queue.filter((c) => c.state === 'with-agent' && c.agent === props.login.username);

  return (
    <aside class="card queue" data-testid="desk-queue">
      <h2>
        대기 전화 <span class="count">{waiting.length}</span>
      </h2>
      {waiting.length === 0 && <p class="muted">대기 중인 전화가 없습니다.</p>}
      {waiting.map((call) => (
        <div class="queue-item" key={call.contactId} data-testid="queue-item">
          <div class="queue-line">
            <strong>{entryName(call.entryPointId)}</strong>
            <span class="muted small">{formatTime(call.queuedAt)}</span>
          </div>
          <div class="muted small">
            {fromE164(call.from)} · {categoryName(call.attributes.category)}
          </div>
          <button
            type="button"
            class="primary small-button"
            data-testid="queue-accept"
            disabled={props.busy}
            onClick={() => take(call)}
          >
            받기
          </button>
        </div>
      ))}
      {mine.length > 0 && !props.busy && (
        <>
          <h3>내 통화</h3>
          {mine.map((call) => (
            <button type="button" key={call.contactId} class="ghost" onClick={() => source.resume(call)}>
              {entryName(call.entryPointId)} · {fromE164(call.from)}
            </button>
          ))}
        </>
      )}
      {error && <p class="error">{error}</p>}
    </aside>
  );
}

function ActiveCall(props: {
  info: SandboxInfo;
  call: DeskCall;
  source: ContactSource;
  entryName: (id: string | null | undefined) => string;
  categoryName: (code: string | undefined) => string;
  onDone: (message: string) => void;
}) {
  const { info, call } = props;
  const [callerTickets, setCallerTickets] = useState<{ callerMasked?: string; tickets: TicketView[] } | null>(
    null,
  );
  const [callerError, setCallerError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const [escalation, setEscalation] = useState<EscalationResult | null>(null);
  const [warnings, setWarnings] = useState(0);
  const [warningText, setWarningText] = useState<string[]>([]);
  const [disposition, setDisposition] = useState<Disposition>('answered');
  const [error, setError] = useState<string | null>(null);
  const category = call.attributes.category ?? '';

  // Again after a report is filed during the call: the screen pop's open count includes it.
  useEffect(() => {
    if (!call.from) return;
    get<{ callerMasked?: string; tickets: TicketView[] }>(
      `/api/callers/tickets?number=${encodeURIComponent(call.from)}`,
    ).then(setCallerTickets, (e: Error) => setCallerError(e.message));
  }, [call.contactId, created?.ticketNumber, escalation?.ticketNumber]);
  const openCount = callerTickets
    ? callerTickets.tickets.filter((t) => ['RECEIVED', 'ASSIGNED', 'IN_PROGRESS'].includes(t.status)).length
    : Number(call.attributes.openTickets ?? 0);

  useEffect(() => {
    if (created) setDisposition('ticket');
    else if (escalation?.outcome === 'transfer') setDisposition('transferred');
    else if (escalation?.outcome === 'callback') setDisposition('ticket');
  }, [created, escalation]);

  /**
   * The legal warning reaches the caller (the quick connect's flow conferences the caller in).
   * `continue`: the counselor goes on. `end`: only after a warning — the final notice, then the
   * call ends (the counselor leaves the call to the flow) and the desk wraps up.
   */
  const warn = async (mode: 'continue' | 'end') => {
    setError(null);
    const count = warnings + 1;
    try {
      await post(`/api/contacts/${call.contactId}/abuse-warning`, { count });
      const played = await props.source.playAbuseWarning(call, mode);
      setWarnings(count);
      setWarningText(played ?? []);
      if (mode === 'end') await finish();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const finish = async () => {
    setError(null);
    try {
      await props.source.endCall(call);
      const ticketNumber = created?.ticketNumber ?? escalation?.ticketNumber;
      await post(`/api/contacts/${call.contactId}/disposition`, {
        disposition,
        ...(category ? { category } : {}),
        ...(call.entryPointId ? { entryPoint: call.entryPointId } : {}),
        ...(ticketNumber ? { ticketNumber } : {}),
      });
      props.onDone(`통화를 마쳤습니다 (${DISPOSITIONS.find(([d]) => d === disposition)?.[1]}).`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <>
      <section class="card screen-pop" data-testid="screen-pop">
        <div class="pop-head">
          <h2>통화 중</h2>
          <span class="badge state-with-agent">상담 중</span>
        </div>
        <dl class="facts">
          <div>
            <dt>건 번호</dt>
            <dd data-testid="pop-entry">{props.entryName(call.entryPointId)}</dd>
          </div>
          <div>
            <dt>발신번호</dt>
            <dd>{callerTickets?.callerMasked ?? fromE164(call.from)}</dd>
          </div>
          <div>
            <dt>선택 분야</dt>
            <dd data-testid="pop-category">{props.categoryName(category || undefined)}</dd>
          </div>
          <div>
            <dt>미처리 민원</dt>
            <dd data-testid="pop-open-tickets">{openCount}건</dd>
          </div>
        </dl>
        {call.attributes.latestTicket && (
          <p class="small">
            최근 접수번호: <span class="mono">{call.attributes.latestTicket}</span>
          </p>
        )}
        {call.whisper.length > 0 && <p class="whisper">상담사 안내: {call.whisper.join(' ')}</p>}
        <h3>이 시민의 민원</h3>
        {!call.from && <p class="muted">발신번호 표시제한: 민원 이력을 조회할 수 없습니다.</p>}
        {callerError && <p class="error">{callerError}</p>}
        {callerTickets && callerTickets.tickets.length === 0 && <p class="muted">접수된 민원이 없습니다.</p>}
        {callerTickets && callerTickets.tickets.length > 0 && (
          <table class="table">
            <thead>
              <tr>
                <th>접수번호</th>
                <th>분야</th>
                <th>내용</th>
                <th>상태</th>
              </tr>
            </thead>
            <tbody>
              {callerTickets.tickets.map((t) => (
                <tr key={t.ticketNumber}>
                  <td class="mono">{t.ticketNumber}</td>
                  <td>{props.categoryName(t.category)}</td>
                  <td>{t.description}</td>
                  <td>
                    <span class={`status status-${t.status}`}>{t.statusKo}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <div class="desk-grid">
        <section class="card">
          <h2>상담DB 검색</h2>
          <KbSearch info={info} category={category} />
        </section>

        <section class="card">
          <h2>신고·민원 접수</h2>
          <IntakeForm info={info} call={call} category={category} onCreated={setCreated} created={created} />
        </section>

        <section class="card">
          <h2>부서 연결</h2>
          <Escalation
            info={info}
            call={call}
            source={props.source}
            category={category}
            result={escalation}
            onResult={setEscalation}
          />
        </section>

        <section class="card">
          <h2>폭언·욕설 대응</h2>
          <p class="muted small">
            누르면 시민에게 법정 안내가 재생되고(상담사도 함께 듣습니다) 통화 기록에 남습니다. 경고 후에도
            계속되면 종료 안내를 재생한 뒤 통화를 끝낼 수 있습니다.
          </p>
          <button
            type="button"
            class="warn-button"
            data-testid="abuse-warning"
            onClick={() => warn('continue')}
          >
            경고 안내 후 상담 계속 {warnings > 0 ? `(${warnings}회)` : ''}
          </button>
          <button
            type="button"
            class="warn-button"
            data-testid="abuse-warning-end"
            disabled={warnings === 0}
            title={warnings === 0 ? '먼저 경고 안내를 재생해야 합니다.' : undefined}
            onClick={() => warn('end')}
          >
            종료 안내 후 통화 종료
          </button>
          {warnings > 0 && warningText.length === 0 && (
            <p class="small" data-testid="abuse-warning-recorded">
              경고 {warnings}회가 통화 기록에 남았습니다. 안내 문구를 시민에게 읽어 주세요.
            </p>
          )}
          {warningText.length > 0 && (
            <blockquote class="legal" data-testid="abuse-warning-text">
              {warningText.join(' ')}
            </blockquote>
          )}
        </section>
      </div>

      <section class="card wrapup">
        <h2>통화 마무리</h2>
        <div class="radio-row">
          {DISPOSITIONS.map(([id, label]) => (
            <label key={id} class={`pill ${disposition === id ? 'selected' : ''}`}>
              <input
                type="radio"
                name="disposition"
                data-testid={`disposition-${id}`}
                checked={disposition === id}
                onChange={() => setDisposition(id)}
              />
              {label}
            </label>
          ))}
        </div>
        <button type="button" class="primary" data-testid="wrapup" onClick={finish}>
          {props.source.kind === 'sandbox' ? '통화 종료 및 저장' : '마무리 저장'}
        </button>
        {error && <p class="error">{error}</p>}
      </section>
    </>
  );
}

function IntakeForm(props: {
  info: SandboxInfo;
  call: DeskCall;
  category: string;
  created: Created | null;
  onCreated: (created: Created) => void;
}) {
  const [category, setCategory] = useState(props.category || 'living-complaints');
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [req] = useState(requestId());

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await post<Created>('/api/tickets', {
        requestId: req,
        kind: 'report',
        category,
        description,
        ...(location.trim() ? { location } : {}),
        contactId: props.call.contactId,
        ...(props.call.from ? { callerNumber: props.call.from } : {}),
      });
      props.onCreated(created);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (props.created) {
    return (
      <div class="created" data-testid="intake-created">
        <div class="muted small">접수번호 (시민에게 읽어 주세요)</div>
        <div class="ticket-number mono" data-testid="intake-ticket-number">
          {props.created.ticketNumber}
        </div>
        <p class="small">{props.created.message}</p>
        <p class="muted small">
          담당: {props.info.departments.find((d) => d.id === props.created?.departmentId)?.nameKo} · 처리 기한{' '}
          {formatTime(props.created.dueAt)}
        </p>
      </div>
    );
  }
  return (
    <form class="form" onSubmit={submit} data-testid="intake-form">
      <label class="field">
        <span>분야</span>
        <select
          data-testid="intake-category"
          value={category}
          onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
        >
          {props.info.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {c.nameKo}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>위치</span>
        <input
          data-testid="intake-location"
          placeholder="예: 상당구 상당로 155 앞"
          value={location}
          onInput={(e) => setLocation((e.target as HTMLInputElement).value)}
        />
      </label>
      <label class="field">
        <span>내용</span>
        <textarea
          data-testid="intake-description"
          rows={3}
          placeholder="예: 가로등이 꺼져 있어 밤길이 위험합니다."
          value={description}
          onInput={(e) => setDescription((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button
        type="submit"
        class="primary"
        data-testid="intake-submit"
        disabled={busy || !description.trim()}
      >
        접수
      </button>
      {error && <p class="error">{error}</p>}
    </form>
  );
}

function Escalation(props: {
  info: SandboxInfo;
  call: DeskCall;
  source: ContactSource;
  category: string;
  result: EscalationResult | null;
  onResult: (result: EscalationResult) => void;
}) {
  const owner =
    props.info.departments.find((d) => d.categories.includes(props.category))?.id ??
    props.info.departments[0]?.id ??
    '';
  const [department, setDepartment] = useState(owner);
  const [error, setError] = useState<string | null>(null);
  const [connecting, setConnecting] = useState(false);
  const [req] = useState(requestId());

  const escalate = async () => {
    setError(null);
    try {
      const result = await post<EscalationResult>('/api/escalations', {
        requestId: req,
        departmentId: department,
        contactId: props.call.contactId,
        ...(props.call.from ? { callerNumber: props.call.from } : {}),
      });
      props.onResult(result);
      // The department's quick connect: the caller hears the announcement (and, when nobody can
      // answer, the call-back ticket number); the counselor completes or cancels in the CCP.
      if (result.outcome === 'transfer')
        setConnecting(await props.source.transferToDepartment(props.call, department));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (props.result) {
    const r = props.result;
    return (
      <div class="created" data-testid="escalation-result">
        {r.outcome === 'transfer' ? (
          <>
            <div class="muted small">연결</div>
            <div class="big">{r.departmentNameKo}</div>
            <p class="small">
              {r.transferType === 'phone'
                ? `담당 부서 전화 ${fromE164(r.phoneNumber)}로 돌려 드립니다.`
                : '부서 대기열로 돌려 드립니다 (빠른 연결).'}
            </p>
            {connecting && (
              <p class="small" data-testid="escalation-connecting">
                시민은 연결 안내를 듣고 있습니다. 담당자가 받으면 CCP에서 연결 완료(나가기) 또는 취소를
                누르세요.
              </p>
            )}
          </>
        ) : (
          <>
            <div class="muted small">담당자가 없어 회신 요청으로 접수</div>
            <div class="ticket-number mono">{r.ticketNumber}</div>
            <p class="small">{r.message}</p>
          </>
        )}
      </div>
    );
  }
  return (
    <div class="form">
      <label class="field">
        <span>부서</span>
        <select
          data-testid="escalation-department"
          value={department}
          onChange={(e) => setDepartment((e.target as HTMLSelectElement).value)}
        >
          {props.info.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.nameKo}
            </option>
          ))}
        </select>
      </label>
      <button type="button" class="secondary" data-testid="escalate" onClick={escalate}>
        부서로 연결
      </button>
      {error && <p class="error">{error}</p>}
    </div>
  );
}
