import { useState } from 'preact/hooks';

/** Deployed sign-in: the Cognito hosted UI (a popup inside the agent workspace, else a redirect). */
export function SignInScreen(props: {
  cityName: string;
  framed: boolean;
  reason: string | null;
  onSignIn: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = () => {
    setBusy(true);
    setError(null);
    // no await before onSignIn: the popup must open inside this click
    props.onSignIn().then(
      () => setBusy(false),
      (e: Error) => {
        setBusy(false);
        setError(e.message);
      },
    );
  };

  return (
    <div class="login">
      <div class="card login-card" data-testid="signin">
        <h1>{props.cityName} 민원콜센터 로그인</h1>
        <p class="muted">
          직원 계정(아이디, 비밀번호, OTP 인증)으로 로그인합니다.
          {props.framed ? ' 로그인 창이 새 창으로 열립니다.' : ''}
        </p>
        {props.reason && <p class="error">{props.reason}</p>}
        {error && <p class="error">{error}</p>}
        <button type="button" class="primary" data-testid="signin-start" disabled={busy} onClick={start}>
          {busy ? '로그인 중…' : '로그인'}
        </button>
      </div>
    </div>
  );
}

/** What the sign-in popup shows for the moment before it closes. */
export function PopupDone() {
  return <div class="boot">로그인 정보를 상담 데스크로 보냈습니다. 이 창은 자동으로 닫힙니다.</div>;
}
