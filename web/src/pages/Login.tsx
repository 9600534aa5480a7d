// Login.tsx: sign-in form. On success the session is set and the user goes
// back to the page they asked for (or the dashboard).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { ErrorNotice, Field, PageTitle } from '../ui';

export function LoginPage() {
  const { setUser, mode } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setUser((await api.login(login.trim(), password)) ?? (await api.me()));
      if (location.hash.startsWith('#/login')) navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="login">
      <PageTitle sub="Dành cho cán bộ các cơ quan, đơn vị được giao nhiệm vụ.">Đăng nhập</PageTitle>
      {mode === 'open' && <p class="notice">Máy chủ này chưa bật đăng nhập; bạn có thể dùng ứng dụng mà không cần đăng nhập.</p>}
      <form class="card form" onSubmit={submit} noValidate>
        <Field id="login-name" label="Tên đăng nhập">
          <input id="login-name" name="login" autoComplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
        </Field>
        <Field id="login-password" label="Mật khẩu">
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {error !== null &&
          (error instanceof ApiError && (error.status === 401 || error.status === 400 || error.status === 403) ? (
            <p class="notice notice-error" role="alert">
              Tên đăng nhập hoặc mật khẩu không đúng.
            </p>
          ) : (
            <ErrorNotice error={error} what="chức năng đăng nhập" doing />
          ))}
        <button class="btn btn-primary" type="submit" disabled={busy || !login || !password}>
          {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
      <p>
        Người dân và báo chí xem số liệu đã công bố tại <a href="#/public">trang công khai</a>.
      </p>
    </section>
  );
}
