import { diffWords } from 'diff';
import { useEffect, useState } from 'preact/hooks';
import { formatLexiconText, parseLexiconText } from '#kb/lexicon-text';
import { type DevLogin, formatTime, type SandboxInfo } from './api';
import {
  KB_ACTION_KO,
  KB_FEEDBACK_KO,
  KB_STATE_KO,
  type KbContentInput,
  type KbEntryView,
  type KbFeedbackKind,
  type KbGapsReport,
  type KbLexiconView,
  type KbState,
  type KbVersion,
  kbApi,
} from './kb-api';
import './kb.css';

/**
 * 상담DB: the department's shared consultation DB (issue 14). Department staff and admins list
 * their department's entries (state filter, paging), edit them with a preview of what the desk and
 * the IVR show, move them through review to publication, read the history with a diff and restore
 * an earlier version; the review queue; the gaps report (the department's to-do list); and, for
 * admins, the synonyms.
 */

/** What the lookup Lambda returns per answer (functions/lookup/handler.ts KB_ANSWER_MAX). */
const IVR_ANSWER_MAX = 500;

/** The lookup's cut (truncateText in functions/commons/flow-response.ts, which needs Node's Buffer). */
const cut = (text: string, max: number): string => {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

type Tab = 'list' | 'review' | 'gaps' | 'lexicon';

export function KbScreen(props: { info: SandboxInfo; login: DevLogin }) {
  const { info, login } = props;
  const admin = login.groups.includes('admins');
  const own = login.groups.flatMap((g) => (g.startsWith('dept-') ? [g.slice(5)] : []));
  const choices = admin ? info.departments.map((d) => d.id) : own;
  const [department, setDepartment] = useState(choices[0] ?? '');
  const [tab, setTab] = useState<Tab>('list');
  const [selected, setSelected] = useState<KbEntryView | 'new' | null>(null);
  const [refresh, setRefresh] = useState(0);
  // Kept here, not in the editor: the editor is re-created for each new version it shows.
  const [status, setStatus] = useState<string | null>(null);
  const select = (next: KbEntryView | 'new' | null) => {
    setSelected(next);
    setStatus(null);
  };

  const tabs: [Tab, string][] = [
    ['list', '답변 목록'],
    ['review', '검토 대기'],
    ['gaps', '부족한 답변'],
    ...(admin ? ([['lexicon', '동의어 사전']] as [Tab, string][]) : []),
  ];

  return (
    <div class="kb-layout">
      <div class="kb-toolbar card">
        <label class="field inline">
          <span>부서</span>
          <select
            data-testid="kb-department"
            value={department}
            onChange={(e) => {
              setDepartment((e.target as HTMLSelectElement).value);
              select(null);
            }}
          >
            {choices.map((id) => (
              <option key={id} value={id}>
                {info.departments.find((d) => d.id === id)?.nameKo ?? id}
              </option>
            ))}
          </select>
        </label>
        <nav class="kb-tabs">
          {tabs.map(([id, label]) => (
            <button
              type="button"
              key={id}
              data-testid={`kb-tab-${id}`}
              class={`pill ${tab === id ? 'selected' : ''}`}
              onClick={() => {
                setTab(id);
                select(null);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
        {(tab === 'list' || tab === 'review') && (
          <button type="button" class="primary" data-testid="kb-new" onClick={() => select('new')}>
            새 답변
          </button>
        )}
      </div>

      {tab === 'lexicon' ? (
        <LexiconEditor />
      ) : tab === 'gaps' ? (
        <GapsReport
          department={department}
          onOpen={async (id) => {
            select(await kbApi.get(id));
            setTab('list');
          }}
        />
      ) : (
        <div class="kb-columns">
          <EntryList
            key={`${tab}-${department}-${refresh}`}
            info={info}
            department={department}
            reviewQueue={tab === 'review'}
            selectedId={selected && selected !== 'new' ? selected.id : null}
            onSelect={async (id) => select(await kbApi.get(id))}
          />
          {selected && (
            <EntryEditor
              key={selected === 'new' ? 'new' : `${selected.id}-${selected.version}`}
              info={info}
              department={department}
              entry={selected === 'new' ? null : selected}
              status={status}
              onChanged={(view, message) => {
                setSelected(view);
                setStatus(message);
                setRefresh((n) => n + 1);
              }}
            />
          )}
        </div>
      )}
    </div>
  );
}

function StateBadge(props: { state: KbState }) {
  return <span class={`badge kb-state kb-state-${props.state}`}>{KB_STATE_KO[props.state]}</span>;
}

function EntryList(props: {
  info: SandboxInfo;
  department: string;
  reviewQueue: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [state, setState] = useState<KbState | ''>(props.reviewQueue ? 'review' : '');
  const [overdue, setOverdue] = useState(false);
  const [entries, setEntries] = useState<KbEntryView[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  const load = async (next?: string) => {
    setError(null);
    try {
      const page = await kbApi.list({
        department: props.department,
        ...(state ? { state } : {}),
        ...(next ? { cursor: next } : {}),
        overdue,
      });
      setEntries((old) => (next ? [...old, ...page.entries] : page.entries));
      setCursor(page.nextCursor);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    void load();
  }, [state, overdue]);

  return (
    <section class="card kb-list">
      {!props.reviewQueue && (
        <div class="row kb-filters">
          <select
            data-testid="kb-state-filter"
            value={state}
            onChange={(e) => setState((e.target as HTMLSelectElement).value as KbState | '')}
          >
            <option value="">모든 상태</option>
            {(Object.keys(KB_STATE_KO) as KbState[]).map((s) => (
              <option key={s} value={s}>
                {KB_STATE_KO[s]}
              </option>
            ))}
          </select>
          <label class="check small">
            <input
              type="checkbox"
              checked={overdue}
              onChange={(e) => setOverdue((e.target as HTMLInputElement).checked)}
            />
            검토 기한 지남
          </label>
        </div>
      )}
      {error && <p class="error">{error}</p>}
      {entries.length === 0 && !error && (
        <p class="muted">{props.reviewQueue ? '검토를 기다리는 답변이 없습니다.' : '답변이 없습니다.'}</p>
      )}
      <table class="table kb-table">
        <tbody>
          {entries.map((entry) => (
            <tr
              key={entry.id}
              data-testid={`kb-row-${entry.id}`}
              class={props.selectedId === entry.id ? 'selected' : ''}
              onClick={() => props.onSelect(entry.id)}
            >
              <td>
                <div>{entry.content.title}</div>
                <div class="muted small mono">{entry.id}</div>
              </td>
              <td>
                <StateBadge state={entry.state} />
                {entry.reviewOverdue && <span class="tag kb-overdue">검토 기한 지남</span>}
                {entry.publishedVersion !== null && entry.state !== 'published' && (
                  <span class="tag">v{entry.publishedVersion} 게시 중</span>
                )}
              </td>
              <td class="small">
                {entry.feedbackTotal > 0 && <span class="tag kb-flag">의견 {entry.feedbackTotal}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" class="ghost" data-testid="kb-more" onClick={() => load(cursor)}>
          더 보기
        </button>
      )}
    </section>
  );
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
const commas = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function EntryEditor(props: {
  info: SandboxInfo;
  department: string;
  entry: KbEntryView | null;
  status: string | null;
  onChanged: (view: KbEntryView, message: string) => void;
}) {
  const { info, entry, status } = props;
  const owner = info.departments.find((d) => d.id === props.department);
  const [category, setCategory] = useState(
    entry?.content.category ?? owner?.categories[0] ?? info.categories[0]?.code ?? '',
  );
  const [title, setTitle] = useState(entry?.content.title ?? '');
  const [answer, setAnswer] = useState(entry?.content.answer ?? '');
  const [keywords, setKeywords] = useState((entry?.content.keywords ?? []).join(', '));
  const [questions, setQuestions] = useState((entry?.content.questions ?? []).join('\n'));
  const [reviewBy, setReviewBy] = useState(entry?.content.reviewBy ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const content = (): KbContentInput => ({
    category,
    title,
    answer,
    keywords: commas(keywords),
    questions: lines(questions),
    department: entry?.departmentId ?? props.department,
    ...(reviewBy ? { reviewBy } : {}),
  });

  const run = async (work: () => Promise<KbEntryView>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      props.onChanged(await work(), done);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(
      () => (entry ? kbApi.update(entry.id, entry.version, content()) : kbApi.create(content())),
      '저장했습니다.',
    );
  const act = (action: 'submit' | 'reject' | 'publish' | 'retire', done: string) =>
    entry ? run(() => kbApi.act(entry.id, action, entry.version), done) : undefined;

  const categoryName = info.categories.find((c) => c.code === category)?.nameKo ?? category;
  const ivr = cut(answer, IVR_ANSWER_MAX);

  return (
    <section class="card kb-editor" data-testid="kb-editor">
      <div class="pop-head">
        <h2>{entry ? entry.content.title : '새 답변'}</h2>
        {entry && <StateBadge state={entry.state} />}
      </div>
      {entry && (
        <p class="muted small" data-testid="kb-entry-meta">
          <span class="mono">{entry.id}</span> · v{entry.version} · {entry.changedBy} ·{' '}
          {formatTime(entry.changedAt)}
          {entry.reviewBy && ` · 검토 기한 ${entry.reviewBy}`}
        </p>
      )}
      <div class="form">
        <label class="field">
          <span>분야</span>
          <select
            data-testid="kb-category"
            value={category}
            onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}
          >
            {info.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.nameKo}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>제목</span>
          <input
            data-testid="kb-title"
            value={title}
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>답변 (상담사가 읽어 주는 문장)</span>
          <textarea
            data-testid="kb-answer"
            rows={6}
            value={answer}
            onInput={(e) => setAnswer((e.target as HTMLTextAreaElement).value.replace(/\n+/g, ' '))}
          />
        </label>
        <label class="field">
          <span>검색어 (쉼표로 구분)</span>
          <input
            data-testid="kb-keywords"
            value={keywords}
            onInput={(e) => setKeywords((e.target as HTMLInputElement).value)}
          />
        </label>
        <label class="field">
          <span>시민이 묻는 다른 표현 (한 줄에 하나)</span>
          <textarea
            data-testid="kb-questions"
            rows={3}
            value={questions}
            onInput={(e) => setQuestions((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <label class="field">
          <span>검토 기한 (비우면 게시일로부터 자동)</span>
          <input
            type="date"
            data-testid="kb-review-by"
            value={reviewBy}
            onInput={(e) => setReviewBy((e.target as HTMLInputElement).value)}
          />
        </label>
      </div>

      <div class="kb-preview" data-testid="kb-preview">
        <div>
          <h3>상담사 화면 미리보기</h3>
          <div class="kb-results">
            <div class="kb-title">
              <span>{title || '제목'}</span>
              <span class="tag">{categoryName}</span>
            </div>
            <p class="kb-answer">{answer || '답변'}</p>
          </div>
        </div>
        <div>
          <h3>ARS·화면 팝업 미리보기</h3>
          <p class="kb-ivr" data-testid="kb-ivr-preview">
            {ivr || '답변'}
          </p>
          <p class="muted small">
            {[...answer].length}자
            {[...answer].length > IVR_ANSWER_MAX && ` — ARS에는 ${IVR_ANSWER_MAX}자까지만 전달됩니다.`}
          </p>
        </div>
      </div>

      <div class="row kb-buttons">
        <button
          type="button"
          class="primary"
          data-testid="kb-save"
          disabled={busy || !title.trim() || !answer.trim()}
          onClick={save}
        >
          저장
        </button>
        {entry?.state === 'draft' && (
          <button
            type="button"
            class="secondary"
            data-testid="kb-submit"
            disabled={busy}
            onClick={() => act('submit', '검토를 요청했습니다.')}
          >
            검토 요청
          </button>
        )}
        {entry?.state === 'review' && (
          <>
            <button
              type="button"
              class="primary"
              data-testid="kb-publish"
              disabled={busy}
              onClick={() => act('publish', '게시했습니다. 1분 안에 상담사 검색과 ARS에 반영됩니다.')}
            >
              게시
            </button>
            <button
              type="button"
              class="ghost"
              data-testid="kb-reject"
              disabled={busy}
              onClick={() => act('reject', '작성 중으로 되돌렸습니다.')}
            >
              반려
            </button>
          </>
        )}
        {entry && entry.state !== 'retired' && (
          <button
            type="button"
            class="danger"
            data-testid="kb-retire"
            disabled={busy}
            onClick={() => act('retire', '폐기했습니다. 1분 안에 검색에서 빠집니다.')}
          >
            폐기
          </button>
        )}
      </div>
      {status && (
        <p class="banner ok" data-testid="kb-status">
          {status}
        </p>
      )}
      {error && <p class="error">{error}</p>}

      {entry && entry.feedbackTotal > 0 && (
        <div class="kb-feedback-list">
          <h3>상담사 의견</h3>
          <p class="small">
            {(Object.keys(KB_FEEDBACK_KO) as KbFeedbackKind[])
              .map((k) => `${KB_FEEDBACK_KO[k]} ${entry.feedback[k]}`)
              .join(' · ')}
          </p>
          <ul>
            {(entry.recentFeedback ?? []).map((f) => (
              <li key={f.at} class="small">
                {formatTime(f.at)} · {KB_FEEDBACK_KO[f.kind]}
                {f.note ? ` — ${f.note}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {entry && (
        <History
          entry={entry}
          onRestored={(view) => props.onChanged(view, '이전 버전을 작성 중으로 복원했습니다.')}
        />
      )}
    </section>
  );
}

function History(props: { entry: KbEntryView; onRestored: (view: KbEntryView) => void }) {
  const { entry } = props;
  const [versions, setVersions] = useState<KbVersion[]>([]);
  const [shown, setShown] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    kbApi.history(entry.id).then(
      (r) => setVersions(r.versions),
      (e: Error) => setError(e.message),
    );
  }, [entry.id, entry.version]);

  const restore = async (from: number) => {
    setError(null);
    try {
      props.onRestored(await kbApi.restore(entry.id, entry.version, from));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const index = versions.findIndex((v) => v.version === shown);
  const current = versions[index];
  const previous = versions[index + 1];

  return (
    <div class="kb-history">
      <h3>변경 이력</h3>
      {error && <p class="error">{error}</p>}
      <ul data-testid="kb-history">
        {versions.map((v) => (
          <li key={v.version} class={shown === v.version ? 'selected' : ''}>
            <button
              type="button"
              class="link"
              data-testid={`kb-version-${v.version}`}
              onClick={() => setShown(v.version)}
            >
              v{v.version} {KB_ACTION_KO[v.action] ?? v.action}
            </button>{' '}
            <span class="muted small">
              {v.by} · {formatTime(v.at)}
              {v.changed && v.changed.length > 0 && ` · ${v.changed.join(', ')}`}
            </span>
          </li>
        ))}
      </ul>
      {current?.content && (
        <div class="kb-diff" data-testid="kb-diff">
          <p class="small muted">
            v{current.version}
            {previous ? ` (v${previous.version}과 비교)` : ''}
          </p>
          <DiffText before={previous?.content?.title ?? ''} after={current.content.title} />
          <DiffText before={previous?.content?.answer ?? ''} after={current.content.answer} />
          {current.version !== entry.version && (
            <button
              type="button"
              class="secondary small-button"
              data-testid={`kb-restore-${current.version}`}
              onClick={() => restore(current.version)}
            >
              이 버전으로 복원
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function DiffText(props: { before: string; after: string }) {
  return (
    <p class="kb-diff-text">
      {diffWords(props.before, props.after).map((part, i) => (
        <span key={i} class={part.added ? 'kb-added' : part.removed ? 'kb-removed' : ''}>
          {part.value}
        </span>
      ))}
    </p>
  );
}

function GapsReport(props: { department: string; onOpen: (id: string) => void }) {
  const [report, setReport] = useState<KbGapsReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setReport(null);
    kbApi.gaps(props.department).then(setReport, (e: Error) => setError(e.message));
  }, [props.department]);

  if (error) return <p class="error">{error}</p>;
  if (!report) return <p class="muted">불러오는 중…</p>;
  return (
    <div class="kb-gaps" data-testid="kb-gaps">
      <section class="card">
        <h2>의견이 많은 답변</h2>
        {report.feedback.length === 0 && <p class="muted">상담사 의견이 없습니다.</p>}
        <ul>
          {report.feedback.map((f) => (
            <li key={f.id} data-testid={`gaps-feedback-${f.id}`}>
              <button type="button" class="link" onClick={() => props.onOpen(f.id)}>
                {f.title}
              </button>{' '}
              <span class="small">
                {(Object.keys(KB_FEEDBACK_KO) as KbFeedbackKind[])
                  .filter((k) => f.feedback[k] > 0)
                  .map((k) => `${KB_FEEDBACK_KO[k]} ${f.feedback[k]}`)
                  .join(' · ')}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section class="card">
        <h2>답을 찾지 못한 질문 (최근 {report.days}일)</h2>
        <p class="muted small">검색 {report.searches}건 중, 두 번 이상 찾았지만 쓴 답변이 없던 질문입니다.</p>
        {report.queries.length === 0 && <p class="muted">없습니다.</p>}
        <table class="table">
          <tbody>
            {report.queries.map((q) => (
              <tr key={q.query} data-testid="gaps-query">
                <td>{q.query}</td>
                <td class="small">
                  {q.unanswered}/{q.searches}회{q.noResults > 0 ? ` (결과 없음 ${q.noResults})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>검토 기한이 지난 답변</h2>
        {report.reviewOverdue.length === 0 && <p class="muted">없습니다.</p>}
        <ul>
          {report.reviewOverdue.map((r) => (
            <li key={r.id} data-testid="gaps-overdue">
              <button type="button" class="link" onClick={() => props.onOpen(r.id)}>
                {r.title}
              </button>{' '}
              <span class="small muted">{r.reviewBy}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function LexiconEditor() {
  const [view, setView] = useState<KbLexiconView | null>(null);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  const show = (next: KbLexiconView) => {
    setView(next);
    setText(formatLexiconText(next.lexicon));
  };

  useEffect(() => {
    kbApi.lexicon().then(show, (e: Error) => setErrors([e.message]));
  }, []);

  const save = async () => {
    const parsed = parseLexiconText(text);
    setErrors(parsed.errors.map((e) => (e.line > 0 ? `${e.line}행: ${e.message}` : e.message)));
    if (parsed.errors.length > 0 || !view) return;
    try {
      show(await kbApi.saveLexicon(view.version, parsed.data));
      setStatus('초안으로 저장했습니다. 게시해야 검색에 반영됩니다.');
    } catch (e) {
      setErrors([(e as Error).message]);
    }
  };

  const publish = async () => {
    if (!view) return;
    try {
      show(await kbApi.publishLexicon(view.version));
      setStatus('게시했습니다. 1분 안에 검색에 반영됩니다.');
    } catch (e) {
      setErrors([(e as Error).message]);
    }
  };

  return (
    <section class="card kb-lexicon" data-testid="kb-lexicon">
      <h2>동의어 사전</h2>
      <p class="muted small">
        한 줄에 하나: <span class="mono">딱지, 스티커 =&gt; 과태료, 주정차위반</span> (시민의 표현 =&gt; 공식
        용어), <span class="mono">= 과태료, 벌금</span> (서로 같은 말), <span class="mono"># 주석</span>
      </p>
      {view && (
        <p class="small">
          {KB_STATE_KO[view.state]} · v{view.version}
          {view.publishedVersion !== null && ` (게시 v${view.publishedVersion})`}
          {view.changedBy && ` · ${view.changedBy} · ${formatTime(view.changedAt ?? '')}`}
        </p>
      )}
      <textarea
        rows={20}
        class="mono"
        value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
      />
      <div class="row kb-buttons">
        <button type="button" class="secondary" onClick={save}>
          초안 저장
        </button>
        <button type="button" class="primary" disabled={view?.state !== 'draft'} onClick={publish}>
          게시
        </button>
      </div>
      {status && <p class="banner ok">{status}</p>}
      {errors.map((e) => (
        <p key={e} class="error small">
          {e}
        </p>
      ))}
    </section>
  );
}
