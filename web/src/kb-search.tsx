import { useEffect, useRef, useState } from 'preact/hooks';
import { get, type KbResult, requestId, type SandboxInfo } from './api';
import { KB_FEEDBACK_KO, type KbFeedbackKind, kbApi } from './kb-api';

/**
 * The counselor's 상담DB search (as you type), with what the 상담DB learns from it: the searches of
 * one query being typed share a `searchId` (a new one after the box is cleared, a minute of quiet
 * or a result used), opening and using a result are reported, and each result has one-click
 * feedback (틀림 / 오래됨 / 불명확, with an optional note) for its department.
 */

const SESSION_IDLE_MS = 60_000;

export function KbSearch(props: { info: SandboxInfo; category: string }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<(KbResult & { reviewOverdue?: boolean })[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const session = useRef<{ id: string; at: number } | null>(null);

  const searchId = (): string => {
    const now = Date.now();
    if (!session.current || now - session.current.at > SESSION_IDLE_MS)
      session.current = { id: requestId(), at: now };
    session.current.at = now;
    return session.current.id;
  };

  useEffect(() => {
    const q = query.trim();
    if (q.length < 1) {
      setResults([]);
      session.current = null;
      return;
    }
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q, top: '5', searchId: searchId() });
      if (props.category) params.set('category', props.category);
      get<{ results: KbResult[]; searchId: string }>(`/api/kb/search?${params}`).then(
        (r) => {
          setError(null);
          setResults(r.results);
          setOpen(r.results[0]?.id ?? null);
        },
        (e: Error) => setError(e.message),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  const report = (kind: 'opened' | 'used', id: string) => {
    const current = session.current;
    if (!current) return;
    void kbApi.event(current.id, kind, id).catch(() => undefined);
    if (kind === 'used') session.current = null;
  };

  return (
    <div class="kb">
      <input
        class="search"
        data-testid="kb-query"
        placeholder="예: 불법 주정차 신고, 자동차세 납부"
        value={query}
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
      />
      {error && <p class="error">{error}</p>}
      {query.trim() && results.length === 0 && !error && <p class="muted">찾은 답변이 없습니다.</p>}
      <ul class="kb-results" data-testid="kb-results">
        {results.map((r) => (
          <li key={r.id} class={open === r.id ? 'open' : ''} data-testid={`kb-result-${r.id}`}>
            <button
              type="button"
              class="kb-title"
              onClick={() => {
                if (open !== r.id) report('opened', r.id);
                setOpen(open === r.id ? null : r.id);
              }}
            >
              <span>{r.title}</span>
              <span class="tag">
                {props.info.categories.find((c) => c.code === r.category)?.nameKo ?? r.category}
              </span>
              {r.reviewOverdue && (
                <span class="tag kb-overdue" title="부서의 검토 기한이 지난 답변입니다">
                  검토 기한 지남
                </span>
              )}
            </button>
            {open === r.id && (
              <>
                <p class="kb-answer">{r.answer}</p>
                <KbResultActions
                  entryId={r.id}
                  searchId={session.current?.id}
                  onUsed={() => report('used', r.id)}
                />
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "이 답변으로 안내" and the one-click feedback on one result. */
function KbResultActions(props: { entryId: string; searchId: string | undefined; onUsed: () => void }) {
  const [used, setUsed] = useState(false);
  const [kind, setKind] = useState<KbFeedbackKind | null>(null);
  const [note, setNote] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (chosen: KbFeedbackKind) => {
    setError(null);
    try {
      await kbApi.feedback(props.entryId, chosen, note.trim() || undefined, props.searchId);
      setSent(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div class="kb-actions" data-testid="kb-actions">
      <button
        type="button"
        class="small-button secondary"
        data-testid="kb-used"
        disabled={used}
        onClick={() => {
          setUsed(true);
          props.onUsed();
        }}
      >
        {used ? '안내함' : '이 답변으로 안내'}
      </button>
      {sent ? (
        <span class="small muted" data-testid="kb-feedback-sent">
          의견을 담당 부서에 보냈습니다.
        </span>
      ) : (
        <span class="kb-feedback">
          {(Object.keys(KB_FEEDBACK_KO) as KbFeedbackKind[]).map((k) => (
            <button
              type="button"
              key={k}
              class={`small-button ghost ${kind === k ? 'selected' : ''}`}
              data-testid={`kb-feedback-${k}`}
              onClick={() => (kind === k ? send(k) : setKind(k))}
            >
              {KB_FEEDBACK_KO[k]}
            </button>
          ))}
          {kind && (
            <>
              <input
                class="kb-note"
                data-testid="kb-feedback-note"
                placeholder="메모 (선택)"
                maxLength={500}
                value={note}
                onInput={(e) => setNote((e.target as HTMLInputElement).value)}
              />
              <button
                type="button"
                class="small-button primary"
                data-testid="kb-feedback-send"
                onClick={() => send(kind)}
              >
                보내기
              </button>
            </>
          )}
        </span>
      )}
      {error && <span class="error small">{error}</span>}
    </div>
  );
}
