import { useEffect, useRef, useState } from 'preact/hooks';
import { toE164 } from '#domain/phone';
import { fromE164, get, type PhoneView, post, type SandboxInfo } from './api';
import { formatCityTime } from './city-time';

/** A text the city sent (the sandbox's stand-in for End User Messaging SMS, tools/sandbox/outbox.ts). */
interface OutboxMessage {
  id: string;
  at: string;
  to: string;
  text: string;
  ticketNumber?: string;
}

/** 문자함: the SMS the city sent to citizens (numbers masked). */
function Outbox(props: { timeZone: string }) {
  const [messages, setMessages] = useState<OutboxMessage[]>([]);
  useEffect(() => {
    const load = () =>
      get<{ messages: OutboxMessage[] }>('/sandbox/outbox').then(
        (r) => setMessages(r.messages),
        () => undefined,
      );
    void load();
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section class="card" data-testid="phone-outbox">
      <h2>
        문자함 <span class="count">{messages.length}</span>
      </h2>
      <p class="muted small">시청이 시민에게 보낸 처리 결과 문자입니다(로컬 문자 발송 대체).</p>
      {messages.length === 0 && <p class="muted">보낸 문자가 없습니다.</p>}
      <ul class="outbox">
        {messages.map((m) => (
          <li key={m.id} data-testid="outbox-message">
            <div class="queue-line">
              <strong>{m.to}</strong>
              <span class="muted small">{formatCityTime(m.at, props.timeZone)}</span>
            </div>
            <div class="small">{m.text}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

const STATE_KO: Record<PhoneView['state'], string> = {
  ivr: '안내 중',
  queued: '상담사 연결 대기',
  'with-agent': '상담 중',
  ended: '통화 종료',
};

/** Speaks a prompt with the browser's Korean voice where there is one. */
const speak = (text: string, enabled: boolean) => {
  if (!enabled || typeof window === 'undefined' || !('speechSynthesis' in window)) return;
  const utterance = new SpeechSynthesisUtterance(text.replace(/^\(|\)$/g, ''));
  utterance.lang = 'ko-KR';
  const voice = window.speechSynthesis.getVoices().find((v) => v.lang.startsWith('ko'));
  if (voice) utterance.voice = voice;
  window.speechSynthesis.speak(utterance);
};

/** 전화: a citizen's phone. Dials one of the city's numbers and runs the real contact flows. */
export function PhoneScreen(props: { info: SandboxInfo }) {
  const [dialed, setDialed] = useState(props.info.entryPoints[0]?.id ?? 'unified');
  const [caller, setCaller] = useState('010-1234-5678');
  const [withheld, setWithheld] = useState(false);
  const [inHours, setInHours] = useState(true);
  const [voice, setVoice] = useState(true);
  const [call, setCall] = useState<PhoneView | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const spokenCount = useRef(0);
  const transcriptEnd = useRef<HTMLDivElement>(null);

  const update = (view: PhoneView) => {
    setCall(view);
    for (const text of view.prompts.slice(spokenCount.current)) speak(text, voice);
    spokenCount.current = view.prompts.length;
  };

  useEffect(() => {
    transcriptEnd.current?.scrollIntoView({ block: 'end' });
  }, [call?.prompts.length]);

  // While a counselor is involved the call changes from elsewhere (the desk): poll it.
  useEffect(() => {
    if (!call || (call.state !== 'queued' && call.state !== 'with-agent')) return;
    const timer = setInterval(() => {
      get<PhoneView>(`/sandbox/calls/${call.callId}`).then(update, () => undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [call?.callId, call?.state]);

  const run = async (action: () => Promise<PhoneView>) => {
    setBusy(true);
    setError(null);
    try {
      update(await action());
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const dial = () => {
    const from = withheld ? null : (toE164(caller) ?? null);
    if (!withheld && !from) {
      setError('발신번호를 010-1234-5678 형식으로 입력하세요.');
      return;
    }
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
    spokenCount.current = 0;
    setTyped('');
    void run(() => post<PhoneView>('/sandbox/calls', { dialed, from, inHours }));
  };

  const send = (keys: string) => {
    if (!call) return;
    setTyped('');
    void run(() => post<PhoneView>(`/sandbox/calls/${call.callId}/input`, { keys }));
  };

  const press = (key: string) => {
    const waiting = call?.waitingForInput;
    if (!call || !waiting || busy) return;
    if (waiting.mode === 'menu') {
      send(key);
      return;
    }
    const next = typed + key;
    const terminator = waiting.terminator ?? '#';
    if (key === terminator) send(next);
    else if (key === '*') setTyped('');
    else if (next.length >= waiting.maxDigits) send(next);
    else setTyped(next);
  };

  const hangUp = () => {
    if (!call) return;
    if ('speechSynthesis' in window) window.speechSynthesis.cancel();
    void run(() => post<PhoneView>(`/sandbox/calls/${call.callId}/hangup`));
  };

  const active = call && call.state !== 'ended';
  const entry = props.info.entryPoints.find((e) => e.id === (call?.entryPointId ?? dialed));
  const waiting = call?.waitingForInput;

  return (
    <div class="phone-layout">
      <section class="card phone-setup">
        <h2>전화 걸기</h2>
        <label class="field">
          <span>건 번호</span>
          <select
            data-testid="phone-dialed"
            value={dialed}
            disabled={!!active}
            onChange={(e) => setDialed((e.target as HTMLSelectElement).value)}
          >
            {props.info.entryPoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.nameKo} ({e.displayNumber})
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>발신번호</span>
          <input
            data-testid="phone-from"
            value={caller}
            disabled={withheld || !!active}
            onInput={(e) => setCaller((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            data-testid="phone-withheld"
            checked={withheld}
            disabled={!!active}
            onChange={(e) => setWithheld((e.target as HTMLInputElement).checked)}
          />
          발신번호 표시제한
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={inHours}
            disabled={!!active}
            onChange={(e) => setInHours((e.target as HTMLInputElement).checked)}
          />
          운영시간 중 통화로 가정 (오늘 오전 10시 15분)
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={voice}
            onChange={(e) => setVoice((e.target as HTMLInputElement).checked)}
          />
          음성으로 듣기 (브라우저 한국어 음성)
        </label>
        <div class="row">
          {active ? (
            <button type="button" class="danger" data-testid="phone-hangup" onClick={hangUp} disabled={busy}>
              끊기
            </button>
          ) : (
            <button
              type="button"
              class="primary call-button"
              data-testid="phone-call"
              onClick={dial}
              disabled={busy}
            >
              전화 걸기
            </button>
          )}
        </div>
        {error && <p class="error">{error}</p>}
      </section>

      <section class="card handset">
        <div class="handset-head">
          <div>
            <div class="handset-number">{entry ? entry.displayNumber : ''}</div>
            <div class="muted">{entry?.nameKo}</div>
          </div>
          <span class={`badge state-${call?.state ?? 'idle'}`} data-testid="phone-state">
            {call ? STATE_KO[call.state] : '대기'}
          </span>
        </div>
        <div class="transcript" data-testid="phone-transcript">
          {!call && <p class="muted center">번호를 고르고 전화를 거세요.</p>}
          {call?.prompts.map((text, index) => (
            <p key={index} class={text.startsWith('(') ? 'system-line' : 'prompt-line'}>
              {text}
            </p>
          ))}
          {call?.state === 'ended' && <p class="system-line">{call.endReason}</p>}
          <div ref={transcriptEnd} />
        </div>
        <div class="input-hint" data-testid="phone-input-hint">
          {waiting
            ? waiting.mode === 'menu'
              ? '번호 하나를 누르세요.'
              : `번호를 누르고 ${waiting.terminator ?? '#'} 을 누르세요. 입력: ${typed || '—'}`
            : call?.state === 'queued'
              ? '상담사가 전화를 받을 때까지 기다리는 중…'
              : call?.state === 'with-agent'
                ? '상담사와 통화 중입니다.'
                : ' '}
        </div>
        <div class="keypad">
          {KEYS.map((key) => (
            <button
              type="button"
              key={key}
              class="key"
              data-testid={`key-${key === '#' ? 'hash' : key === '*' ? 'star' : key}`}
              disabled={!waiting || busy}
              onClick={() => press(key)}
            >
              {key}
            </button>
          ))}
        </div>
        <div class="row between">
          <button type="button" class="ghost" disabled={!waiting || busy} onClick={() => send('timeout')}>
            누르지 않고 기다리기
          </button>
          <span class="muted small">{call ? `발신 ${fromE164(call.from)}` : ''}</span>
        </div>
      </section>
      <Outbox timeZone={props.info.timezone} />
    </div>
  );
}
