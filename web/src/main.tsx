// main.tsx: the application shell: session check, header and navigation
// (a menu button on phones), and the table of routes. Pages with charts are
// loaded on demand so the first download stays small.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { api, ApiError, onUnauthorized, prefetch, setCsrfToken, type User } from './api';
import { askDashboard } from './overview';
import { href, navigate, useRoute, type Route } from './router';
import { SessionContext, hasRole, type AuthMode } from './session';
import { lazyPage, Loading } from './ui';
import { LoginPage } from './pages/Login';
import { PlansPage } from './pages/Plans';
import { PlanPage } from './pages/Plan';
import { TaskPage } from './pages/Task';
import { NotFoundPage } from './pages/NotFound';
import { roleLabel } from './vn';

const DashboardPage = lazyPage(() => import('./pages/Dashboard'));
// The dashboard is the first screen: its code downloads while the session is
// checked, not after. The session check itself leaves at load rather than
// after the first paint (App's effect takes its answer), and so do the
// dashboard's three whole-scope questions when a session cookie says someone
// is signed in (a visitor gets the login page and asks nothing): api.ts's
// prefetch hands each answer to the first page that asks the same.
if (/^(#\/?)?(\?.*)?$/.test(location.hash)) void import('./pages/Dashboard');
prefetch(() => {
  api.me().catch(() => undefined);
  if (/^(#\/?)?$/.test(location.hash) && /(?:^|;\s*)nq57_csrf=/.test(document.cookie)) void askDashboard();
});
const IndicatorsPage = lazyPage(() => import('./pages/Indicators'));
const IndicatorPage = lazyPage(() => import('./pages/Indicator'));
const ScorecardsPage = lazyPage(() => import('./pages/Scorecards'));
const DigestPage = lazyPage(() => import('./pages/Digest'));
const MyWorkPage = lazyPage(() => import('./pages/MyWork'));
const ReportPage = lazyPage(() => import('./pages/Report'));
const ReviewPage = lazyPage(() => import('./pages/Review'));
const ImportPage = lazyPage(() => import('./pages/Import'));
const AdminPage = lazyPage(() => import('./pages/Admin'));
const PublicPage = lazyPage(() => import('./pages/Public'));

interface NavItem {
  path: string;
  label: string;
  show: (u: User | null, mode: AuthMode) => boolean;
}
const always = () => true;
const NAV: NavItem[] = [
  { path: '/', label: 'Tổng quan', show: always },
  { path: '/plans', label: 'Kế hoạch', show: always },
  { path: '/my', label: 'Việc của tôi', show: (u, m) => m === 'open' || !!u },
  { path: '/review', label: 'Tiếp nhận báo cáo', show: (u, m) => m === 'open' || hasRole(u, 'aggregator') },
  { path: '/indicators', label: 'Chỉ tiêu', show: always },
  { path: '/scorecards', label: 'Xếp hạng', show: always },
  { path: '/digest', label: 'Khó khăn, vướng mắc', show: always },
  { path: '/import', label: 'Nhập kế hoạch', show: (u, m) => m === 'open' || hasRole(u, 'aggregator') },
  { path: '/admin', label: 'Quản trị', show: (u, m) => m === 'open' || hasRole(u, 'admin') },
  { path: '/public', label: 'Công khai', show: always },
];

function isActive(item: string, route: Route): boolean {
  if (item === '/') return route.path === '/';
  return route.path === item || route.path.startsWith(`${item}/`);
}

function Page({ route }: { route: Route }) {
  const [a, b] = route.parts;
  const id = b !== undefined ? Number(b) : NaN;
  switch (a) {
    case undefined:
      return <DashboardPage route={route} />;
    case 'plans':
      return b ? <PlanPage id={id} route={route} /> : <PlansPage />;
    case 'tasks':
      return <TaskPage id={id} />;
    case 'indicators':
      return b ? <IndicatorPage id={id} plan={Number(route.query.get('plan')) || undefined} /> : <IndicatorsPage route={route} />;
    case 'scorecards':
      return <ScorecardsPage route={route} />;
    case 'digest':
      return <DigestPage route={route} />;
    case 'my':
      return <MyWorkPage route={route} />;
    case 'reports':
      return <ReportPage id={id} />;
    case 'review':
      return <ReviewPage route={route} />;
    case 'import':
      return <ImportPage />;
    case 'admin':
      return <AdminPage route={route} />;
    case 'public':
      return <PublicPage />;
    case 'login':
      return <LoginPage />;
    default:
      return <NotFoundPage />;
  }
}

function App() {
  const route = useRoute();
  const [mode, setMode] = useState<AuthMode>('checking');
  const [user, setUserState] = useState<User | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);

  const setUser = (u: User | null) => {
    setUserState(u);
    setCsrfToken(u?.csrf ?? null);
    setMode(u ? 'signed-in' : 'anonymous');
  };
  const logout = () => {
    api.logout().catch(() => undefined);
    setUser(null);
    navigate('/login');
  };

  useEffect(() => {
    api.me().then(setUser, (e) => {
      // No authentication on this server: everything is open, and we say so.
      if (e instanceof ApiError && e.authOff) setMode('open');
      else setMode('anonymous');
    });
    return onUnauthorized(() => {
      setUserState(null);
      setMode((m) => (m === 'open' ? 'open' : 'anonymous'));
    });
  }, []);

  useEffect(() => setMenuOpen(false), [route.path]);

  const publicRoute = route.parts[0] === 'public' || route.parts[0] === 'login';
  let body;
  if (mode === 'checking') body = <Loading label="Đang kiểm tra phiên làm việc…" />;
  else if (mode === 'anonymous' && !publicRoute) body = <LoginPage />;
  else body = <Page route={route} />;

  const focusMain = (e: Event) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <SessionContext.Provider value={{ mode, user, setUser, logout }}>
      <header class="topbar">
        {/* Inside the banner landmark, so no content sits outside a landmark. */}
        <a class="skip-link" href="#" onClick={focusMain}>
          Bỏ qua, đến nội dung chính
        </a>
        <a class="brand" href={href('/')}>
          <span class="brand-mark" aria-hidden="true">★</span>
          <span>
            nq57 <span class="brand-sub">Theo dõi thực hiện Nghị quyết 57</span>
          </span>
        </a>
        <button
          type="button"
          class="menu-btn"
          aria-expanded={menuOpen}
          aria-controls="mainnav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {menuOpen ? 'Đóng' : 'Danh mục'}
        </button>
        <nav id="mainnav" class={menuOpen ? 'nav nav-open' : 'nav'} aria-label="Danh mục chính">
          <ul>
            {NAV.filter((n) => n.show(user, mode)).map((n) => (
              <li key={n.path}>
                <a href={href(n.path)} aria-current={isActive(n.path, route) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="whoami">
          {mode === 'signed-in' && user && (
            <>
              <span>
                {user.name || user.login}
                {user.unit_name ? ` · ${user.unit_name}` : ''}
                <span class="sr-only"> ({(user.roles ?? [user.role]).map(roleLabel).join(', ')})</span>
              </span>
              <button type="button" class="btn btn-small btn-ghost" onClick={logout}>
                Đăng xuất
              </button>
            </>
          )}
          {mode === 'anonymous' && !publicRoute && null}
          {mode === 'anonymous' && publicRoute && route.parts[0] !== 'login' && (
            <a class="btn btn-small btn-ghost" href={href('/login')}>
              Đăng nhập
            </a>
          )}
        </div>
      </header>
      {mode === 'open' && (
        <p class="banner" role="note">
          Máy chủ chưa bật đăng nhập: đang ở chế độ xem mở, chưa phân quyền theo đơn vị.
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {body}
      </main>
      <footer class="footer">
        <p>nq57 · Hệ thống theo dõi, đánh giá thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị</p>
      </footer>
    </SessionContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
