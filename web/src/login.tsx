import { useState } from 'preact/hooks';
import type { DevLogin, SandboxInfo } from './api';

type Role = 'counselor' | 'department' | 'admin';

/** Local dev login (sandbox only): picks the role; deployed, Cognito signs users in. */
export function LoginScreen(props: {
  info: SandboxInfo;
  onLogin: (login: DevLogin) => void;
  reason: string | null;
}) {
  const [role, setRole] = useState<Role>('counselor');
  const [department, setDepartment] = useState(props.info.departments[0]?.id ?? '');

  const submit = (event: Event) => {
    event.preventDefault();
    if (role === 'counselor')
      props.onLogin({ username: 'counselor1', displayName: '상담사 김민원', groups: ['counselors'] });
    else if (role === 'admin')
      props.onLogin({ username: 'admin1', displayName: '관리자', groups: ['admins'] });
    else {
      const name = props.info.departments.find((d) => d.id === department)?.nameKo ?? department;
      props.onLogin({
        username: `staff-${department}`,
        displayName: `${name} 담당자`,
        groups: [`dept-${department}`],
      });
    }
  };

  return (
    <div class="login">
      <form class="card login-card" onSubmit={submit} data-testid="login-form">
        <h1>개발용 로그인</h1>
        <p class="muted">로컬 샌드박스에서만 쓰는 로그인입니다. 역할을 고르세요.</p>
        {props.reason && <p class="error">{props.reason}</p>}
        <div class="role-list">
          {(
            [
              ['counselor', '상담사', '전화 응대, 상담DB 검색, 신고 접수, 부서 연결'],
              ['department', '부서 담당자', '부서 수신함과 신고 처리'],
              ['admin', '관리자', '모든 화면과 부서'],
            ] as const
          ).map(([id, label, hint]) => (
            <label key={id} class={`role ${role === id ? 'selected' : ''}`}>
              <input
                type="radio"
                name="role"
                value={id}
                data-testid={`role-${id}`}
                checked={role === id}
                onChange={() => setRole(id)}
              />
              <span class="role-label">{label}</span>
              <span class="role-hint">{hint}</span>
            </label>
          ))}
        </div>
        {role === 'department' && (
          <label class="field">
            <span>부서</span>
            <select
              data-testid="login-department"
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
        )}
        <button type="submit" class="primary" data-testid="login-submit">
          로그인
        </button>
      </form>
    </div>
  );
}
