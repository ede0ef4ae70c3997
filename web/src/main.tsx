import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type DevLogin, get, loadLogin, type SandboxInfo, saveLogin } from './api';
import { DepartmentScreen } from './department';
import { DeskScreen } from './desk';
import { LoginScreen } from './login';
import { PhoneScreen } from './phone';
import { TodayScreen } from './today';
import './styles.css';

type Screen = 'phone' | 'desk' | 'department' | 'today';

const SCREENS: { id: Screen; label: string; allowed: (login: DevLogin | null) => boolean }[] = [
  { id: 'phone', label: '전화', allowed: () => true },
  { id: 'desk', label: '상담사', allowed: (l) => !!l && hasDesk(l) },
  { id: 'department', label: '부서', allowed: (l) => !!l && (isAdmin(l) || departmentsOf(l).length > 0) },
  { id: 'today', label: '현황', allowed: (l) => !!l && hasDesk(l) },
];

export const isAdmin = (login: DevLogin) => login.groups.includes('admins');
export const hasDesk = (login: DevLogin) => isAdmin(login) || login.groups.includes('counselors');
export const departmentsOf = (login: DevLogin) =>
  login.groups.flatMap((g) => (g.startsWith('dept-') ? [g.slice(5)] : []));

const screenFromHash = (): Screen => {
  const id = location.hash.replace(/^#\/?/, '');
  return (SCREENS.find((s) => s.id === id)?.id ?? 'phone') as Screen;
};

function App() {
  const [login, setLogin] = useState<DevLogin | null>(loadLogin());
  const [screen, setScreen] = useState<Screen>(screenFromHash());
  const [info, setInfo] = useState<SandboxInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);

  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    get<SandboxInfo>('/sandbox/info').then(setInfo, (error: Error) => setInfoError(error.message));
  }, []);

  const go = (id: Screen) => {
    location.hash = `#/${id}`;
    setScreen(id);
  };

  const onLogin = (next: DevLogin) => {
    saveLogin(next);
    setLogin(next);
    const first = next.groups.some((g) => g === 'counselors' || g === 'admins') ? 'desk' : 'department';
    go(first);
  };

  const logout = () => {
    saveLogin(null);
    setLogin(null);
  };

  if (infoError) return <div class="boot-error">샌드박스에 연결할 수 없습니다: {infoError}</div>;
  if (!info) return <div class="boot">불러오는 중…</div>;

  const current = SCREENS.find((s) => s.id === screen);
  const allowed = current?.allowed(login) ?? false;

  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark">365</span>
          <div>
            <div class="brand-title">{info.city.ko} 민원콜센터</div>
            <div class="brand-sub">로컬 샌드박스</div>
          </div>
        </div>
        <nav class="tabs">
          {SCREENS.map((s) => (
            <button
              type="button"
              key={s.id}
              data-testid={`tab-${s.id}`}
              class={`tab ${screen === s.id ? 'active' : ''} ${s.allowed(login) ? '' : 'locked'}`}
              onClick={() => go(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <div class="user">
          {login ? (
            <>
              <span class="user-name" data-testid="user-name">
                {login.displayName}
              </span>
              <button type="button" class="link" onClick={logout}>
                로그아웃
              </button>
            </>
          ) : (
            <span class="muted">로그인 전</span>
          )}
        </div>
      </header>
      {!info.apiReady && (
        <div class="banner warn">
          API 처리기(functions/api/handler.ts)가 아직 준비되지 않았습니다. 전화는 사용할 수 있습니다.
        </div>
      )}
      <main class="content">
        {screen === 'phone' ? (
          <PhoneScreen info={info} />
        ) : !login || !allowed ? (
          <LoginScreen
            info={info}
            onLogin={onLogin}
            reason={login ? '이 화면을 볼 권한이 없습니다.' : null}
          />
        ) : screen === 'desk' ? (
          <DeskScreen info={info} login={login} />
        ) : screen === 'department' ? (
          <DepartmentScreen info={info} login={login} />
        ) : (
          <TodayScreen info={info} />
        )}
      </main>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
