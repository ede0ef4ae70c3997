import { type ComponentChildren, render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { configureApi, type DevLogin, get, loadLogin, type SandboxInfo, saveLogin } from './api';
import {
  beginRedirectSignIn,
  completeRedirectSignIn,
  inIframe,
  popupSignIn,
  relayPopupCallback,
  signOutEverywhere,
} from './auth/flow';
import { cognitoIssuer, type OAuthClient } from './auth/oauth';
import { CognitoSession } from './auth/session';
import { type ContactSource, detectContactSource } from './contact-source';
import { DepartmentScreen } from './department';
import { DeskScreen } from './desk';
import { KbScreen } from './kb';
import { LoginScreen } from './login';
import { PhoneScreen } from './phone';
import {
  allowedScreens,
  canSee,
  landingScreen,
  type Mode,
  SCREEN_LABELS,
  type Screen,
  screensOf,
} from './roles';
import { type DeployedConfig, loadRuntimeMode } from './runtime';
import { SandboxContactSource } from './sandbox-source';
import { PopupDone, SignInScreen } from './signin';
import { TodayScreen } from './today';
import './styles.css';

/**
 * The 계획 screen (the planner, the queue model and the holiday calendar: about 80 KB) is a chunk
 * of its own, fetched when a manager opens the tab.
 */
function LazyPlanningScreen() {
  const [screen, setScreen] = useState<(() => ComponentChildren) | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    import('./planning').then(
      (module) => alive && setScreen(() => () => <module.PlanningScreen />),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, []);
  if (failed) return <p class="error">계획 화면을 불러오지 못했습니다. 새로고침해 주세요.</p>;
  return screen ? screen() : <p class="muted">불러오는 중…</p>;
}

const screenFromHash = (mode: Mode, fallback: Screen): Screen => {
  const id = location.hash.replace(/^#\/?/, '');
  return screensOf(mode).find((s) => s === id) ?? fallback;
};

/** The current call's source, detected once (the Connect SDK chunk loads only inside an iframe). */
function useContactSource(mode: Mode): ContactSource | null {
  const [source, setSource] = useState<ContactSource | null>(null);
  useEffect(() => {
    let alive = true;
    let found: ContactSource | null = null;
    void detectContactSource(mode, { sandbox: () => new SandboxContactSource() }).then((s) => {
      found = s;
      if (alive) setSource(s);
      else s.dispose();
    });
    return () => {
      alive = false;
      found?.dispose();
    };
  }, [mode]);
  return source;
}

function Shell(props: {
  mode: Mode;
  info: SandboxInfo;
  subtitle: string;
  user: DevLogin | null;
  screen: Screen;
  go: (screen: Screen) => void;
  onLogout: () => void;
  signIn: (reason: string | null) => ComponentChildren;
  source: ContactSource | null;
}) {
  const { mode, info, user, screen } = props;
  const groups = user?.groups ?? [];
  // Sandbox: every tab, locked ones greyed (the dev login picks any role). Deployed: the user's tabs.
  const tabs = mode === 'dev' ? screensOf('dev') : user ? allowedScreens(groups, mode) : [];
  const allowed = user !== null && canSee(screen, groups) && screensOf(mode).includes(screen);

  return (
    <div class="shell">
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark">365</span>
          <div>
            <div class="brand-title">{info.city.ko} 민원콜센터</div>
            <div class="brand-sub">{props.subtitle}</div>
          </div>
        </div>
        <nav class="tabs">
          {tabs.map((id) => (
            <button
              type="button"
              key={id}
              data-testid={`tab-${id}`}
              class={`tab ${screen === id ? 'active' : ''} ${user && canSee(id, groups) ? '' : id === 'phone' ? '' : 'locked'}`}
              onClick={() => props.go(id)}
            >
              {SCREEN_LABELS[id]}
            </button>
          ))}
        </nav>
        <div class="user">
          {user ? (
            <>
              <span class="user-name" data-testid="user-name">
                {user.displayName}
              </span>
              <button type="button" class="link" onClick={props.onLogout}>
                로그아웃
              </button>
            </>
          ) : (
            <span class="muted">로그인 전</span>
          )}
        </div>
      </header>
      <main class="content">
        {screen === 'phone' && mode === 'dev' ? (
          <PhoneScreen info={info} />
        ) : !user || !allowed ? (
          props.signIn(user ? '이 화면을 볼 권한이 없습니다.' : null)
        ) : screen === 'desk' ? (
          <DeskScreen info={info} login={user} source={props.source} />
        ) : screen === 'department' ? (
          <DepartmentScreen info={info} login={user} />
        ) : screen === 'kb' ? (
          <KbScreen info={info} login={user} />
        ) : screen === 'planning' ? (
          <LazyPlanningScreen />
        ) : (
          <TodayScreen info={info} />
        )}
      </main>
    </div>
  );
}

function useScreen(mode: Mode, fallback: Screen): [Screen, (screen: Screen) => void] {
  const [screen, setScreen] = useState<Screen>(screenFromHash(mode, fallback));
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash(mode, fallback));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [mode, fallback]);
  const go = (id: Screen) => {
    location.hash = `#/${id}`;
    setScreen(id);
  };
  return [screen, go];
}

/** Local sandbox: the dev login, the simulated phone, the sandbox's counselor queue. */
function DevApp() {
  const [login, setLogin] = useState<DevLogin | null>(loadLogin());
  const [screen, go] = useScreen('dev', 'phone');
  const [info, setInfo] = useState<SandboxInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const source = useContactSource('dev');

  useEffect(() => {
    get<SandboxInfo>('/sandbox/info').then(setInfo, (error: Error) => setInfoError(error.message));
  }, []);

  const onLogin = (next: DevLogin) => {
    saveLogin(next);
    setLogin(next);
    go(landingScreen(next.groups, 'dev') ?? 'phone');
  };

  if (infoError) return <div class="boot-error">샌드박스에 연결할 수 없습니다: {infoError}</div>;
  if (!info) return <div class="boot">불러오는 중…</div>;

  return (
    <Shell
      mode="dev"
      info={info}
      subtitle="로컬 샌드박스"
      user={login}
      screen={screen}
      go={go}
      source={source}
      onLogout={() => {
        saveLogin(null);
        setLogin(null);
      }}
      signIn={(reason) => <LoginScreen info={info} onLogin={onLogin} reason={reason} />}
    />
  );
}

interface ApiConfig {
  city: { ko: string; en: string };
  timezone: string;
  entryPoints: { id: string; number: string; nameKo: string; displayNumber?: string }[];
  categories: { code: string; nameKo: string }[];
  departments: { id: string; nameKo: string; categories?: string[] }[];
}

const infoFromApi = (c: ApiConfig): SandboxInfo => ({
  city: c.city,
  timezone: c.timezone,
  entryPoints: c.entryPoints.map((e) => ({ ...e, displayNumber: e.displayNumber ?? e.number })),
  categories: c.categories,
  departments: c.departments.map((d) => ({ id: d.id, nameKo: d.nameKo, categories: d.categories ?? [] })),
});

/** Deployed: Cognito sign-in, the API at config.json's apiUrl, the agent workspace when framed. */
function CognitoApp(props: { config: DeployedConfig }) {
  const { config } = props;
  const framed = useMemo(() => inIframe(), []);
  const session = useMemo(() => {
    const client: OAuthClient = {
      cognitoDomain: config.cognitoDomain,
      issuer: cognitoIssuer(config.region, config.userPoolId),
      clientId: config.userPoolClientId,
      redirectUri: `${location.origin}/`,
    };
    const s = new CognitoSession(client);
    configureApi({ baseUrl: config.apiUrl, token: () => s.accessToken() });
    return s;
  }, [config]);
  const [user, setUser] = useState<DevLogin | null>(null);
  const [checking, setChecking] = useState(true);
  const [authError, setAuthError] = useState<string | null>(null);
  const [info, setInfo] = useState<SandboxInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const fallback = (user && landingScreen(user.groups, 'cognito')) ?? 'desk';
  const [screen, go] = useScreen('cognito', fallback);
  const source = useContactSource('cognito');

  useEffect(() => {
    const off = session.onChange(setUser);
    completeRedirectSignIn(session)
      .then((signedIn) => signedIn ?? session.restore())
      .then(
        (signedIn) => {
          setUser(signedIn);
          if (signedIn && !location.hash) go(landingScreen(signedIn.groups, 'cognito') ?? 'desk');
        },
        (e: Error) => setAuthError(e.message),
      )
      .finally(() => setChecking(false));
    return () => {
      off();
      session.dispose();
    };
  }, [session]);

  const signedIn = user !== null;
  useEffect(() => {
    if (!signedIn || info) return;
    get<ApiConfig>('/api/config').then(
      (c) => setInfo(infoFromApi(c)),
      (e: Error) => setInfoError(e.message),
    );
  }, [signedIn, info]);

  const signIn = async () => {
    setAuthError(null);
    if (!framed) return beginRedirectSignIn(session.client);
    const signedIn = await popupSignIn(session);
    go(landingScreen(signedIn.groups, 'cognito') ?? 'desk');
  };

  const cityName = info?.city.ko ?? '';
  if (checking) return <div class="boot">불러오는 중…</div>;
  if (!user) {
    return <SignInScreen cityName={cityName} framed={framed} reason={authError} onSignIn={signIn} />;
  }
  if (infoError) return <div class="boot-error">API에 연결할 수 없습니다: {infoError}</div>;
  if (!info) return <div class="boot">불러오는 중…</div>;
  if (allowedScreens(user.groups, 'cognito').length === 0) {
    return (
      <div class="boot-error">
        {user.displayName} 계정에 역할이 없습니다. 관리자에게 상담사·부서·관리자 그룹 지정을 요청하세요.
      </div>
    );
  }

  return (
    <Shell
      mode="cognito"
      info={info}
      subtitle={`${config.stage || '운영'}${source?.kind === 'connect' ? ' · Amazon Connect' : ''}`}
      user={user}
      screen={screen}
      go={go}
      source={source}
      onLogout={() => {
        signOutEverywhere(session, framed);
        setUser(null);
      }}
      signIn={(reason) => (
        <SignInScreen cityName={cityName} framed={framed} reason={reason} onSignIn={signIn} />
      )}
    />
  );
}

async function boot(root: HTMLElement) {
  // The sign-in popup, back from the hosted UI: relay the code to the desk and close.
  if (relayPopupCallback()) {
    render(<PopupDone />, root);
    return;
  }
  try {
    const runtime = await loadRuntimeMode();
    render(runtime.mode === 'dev' ? <DevApp /> : <CognitoApp config={runtime.config} />, root);
  } catch (error) {
    render(
      <div class="boot-error">설정(config.json)을 읽을 수 없습니다: {(error as Error).message}</div>,
      root,
    );
  }
}

const root = document.getElementById('app');
if (root) void boot(root);
