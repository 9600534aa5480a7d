// Admin.tsx: administration: the agency directory with aliases (search,
// add), users and roles, and the reporting regimes of the plans.
import { useState } from 'preact/hooks';
import { api, type Unit } from '../api';
import { href, type Route } from '../router';
import { Async, Empty, ErrorNotice, PageTitle, useAsync } from '../ui';
import { dueLabel, foldMatch, periodKindLabel, ROLE_LABEL, roleLabel, viSortBy } from '../vn';

const TABS = [
  ['units', 'Danh mục cơ quan'],
  ['users', 'Người dùng và vai trò'],
  ['regimes', 'Chế độ báo cáo'],
] as const;

export default function AdminPage({ route }: { route: Route }) {
  const tab = route.parts[1] ?? 'units';
  return (
    <section>
      <PageTitle>Quản trị</PageTitle>
      <nav class="tabs" aria-label="Các mục quản trị">
        {TABS.map(([k, label]) => (
          <a key={k} href={href(`/admin/${k}`)} aria-current={tab === k ? 'page' : undefined}>
            {label}
          </a>
        ))}
      </nav>
      {tab === 'units' && <Units />}
      {tab === 'users' && <Users />}
      {tab === 'regimes' && <Regimes />}
    </section>
  );
}

function Units() {
  const units = useAsync(() => api.units(), []);
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState('');
  const [error, setError] = useState<unknown>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.createUnit({ name: name.trim(), aliases: aliases.split(';').map((s) => s.trim()).filter(Boolean) });
      setName('');
      setAliases('');
      units.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">Tìm cơ quan</span>
          <input type="search" placeholder="Tìm theo tên hoặc tên gọi khác…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      <Async state={units} what="danh mục cơ quan">
        {(list) => {
          const shown = viSortBy<Unit>(list, (u) => u.name).filter((u) => foldMatch(`${u.name} ${(u.aliases ?? []).join(' ')}`, q));
          return shown.length === 0 ? (
            <Empty>Không có cơ quan phù hợp.</Empty>
          ) : (
            <div class="table-wrap">
              <table data-testid="units">
                <caption class="meta">{shown.length} cơ quan, đơn vị</caption>
                <thead>
                  <tr>
                    <th scope="col">Tên cơ quan</th>
                    <th scope="col">Loại, cấp</th>
                    <th scope="col">Tên gọi khác</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <tr key={u.id}>
                      <th scope="row">
                        {u.name} {u.proposed && <span class="badge badge-warn">Đề xuất mới</span>}
                      </th>
                      <td>{[u.kind, u.level].filter(Boolean).join(', ') || '—'}</td>
                      <td>{(u.aliases ?? []).join('; ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </Async>
      <form class="card form" onSubmit={add}>
        <h2 class="h3">Thêm cơ quan</h2>
        <div class="field">
          <label for="u-name">Tên chính thức</label>
          <input id="u-name" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="u-aliases">Tên gọi khác (ngăn cách bằng dấu chấm phẩy)</label>
          <input id="u-aliases" value={aliases} onInput={(e) => setAliases(e.currentTarget.value)} />
        </div>
        {error !== null && <ErrorNotice error={error} what="chức năng thêm cơ quan" doing />}
        <button type="submit" class="btn btn-primary" disabled={!name.trim()}>
          Thêm
        </button>
      </form>
    </>
  );
}

function Users() {
  const users = useAsync(() => api.users(), []);
  const units = useAsync(() => api.units(), []);
  const [form, setForm] = useState({ login: '', full_name: '', password: '', role: 'officer', unit: '' });
  const [error, setError] = useState<unknown>(null);
  const add = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      // Aggregators and the steering committee see every plan unless an administrator narrows it later.
      const wide = form.role === 'aggregator' || form.role === 'steering';
      await api.createUser({ ...form, unit: form.unit || null, all_plans: wide || undefined });
      setForm({ login: '', full_name: '', password: '', role: 'officer', unit: '' });
      users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
      <Async state={users} what="danh sách người dùng">
        {(list) =>
          list.length === 0 ? (
            <Empty>Chưa có người dùng.</Empty>
          ) : (
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Tên đăng nhập</th>
                    <th scope="col">Họ tên</th>
                    <th scope="col">Vai trò</th>
                    <th scope="col">Đơn vị</th>
                  </tr>
                </thead>
                <tbody>
                  {viSortBy(list, (u) => u.full_name ?? u.name ?? u.login).map((u) => (
                    <tr key={u.id}>
                      <th scope="row">{u.login}</th>
                      <td>{u.full_name ?? u.name ?? '—'}</td>
                      <td>{(u.roles ?? [u.role]).map(roleLabel).join(', ')}</td>
                      <td>{u.unit_name ?? (u.unit_id ? (units.data?.find((x) => x.id === u.unit_id)?.name ?? `Đơn vị ${u.unit_id}`) : '—')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      <form class="card form" onSubmit={add}>
        <h2 class="h3">Thêm người dùng</h2>
        <div class="row">
          <div class="field">
            <label for="nu-login">Tên đăng nhập</label>
            <input id="nu-login" required autoComplete="off" value={form.login} onInput={set('login')} />
          </div>
          <div class="field">
            <label for="nu-name">Họ tên</label>
            <input id="nu-name" value={form.full_name} onInput={set('full_name')} />
          </div>
        </div>
        <div class="row">
          <div class="field">
            <label for="nu-pass">Mật khẩu ban đầu</label>
            <input id="nu-pass" type="password" required autoComplete="new-password" minLength={10} value={form.password} onInput={set('password')} />
          </div>
          <div class="field">
            <label for="nu-role">Vai trò</label>
            <select id="nu-role" value={form.role} onChange={set('role')}>
              {Object.entries(ROLE_LABEL).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="nu-unit">Đơn vị</label>
          <select id="nu-unit" value={form.unit} onChange={set('unit')}>
            <option value="">— Không gắn đơn vị —</option>
            {viSortBy<Unit>(units.data ?? [], (u) => u.name).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        {error !== null && <ErrorNotice error={error} what="chức năng quản lý người dùng" doing />}
        <button type="submit" class="btn btn-primary" disabled={!form.login || !form.password}>
          Thêm người dùng
        </button>
      </form>
    </>
  );
}

/** The reporting regime of every plan, as its document sets it. */
function Regimes() {
  const plans = useAsync(async () => Promise.all((await api.plans()).map((p) => api.plan(p.id))), []);
  return (
    <Async state={plans} what="chế độ báo cáo">
      {(list) => (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Kế hoạch</th>
                <th scope="col">Kỳ báo cáo và hạn gửi</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={href(`/plans/${p.id}`)}>{p.number ?? p.title}</a>
                  </th>
                  <td>
                    {(p.reporting ?? []).length === 0
                      ? 'Văn bản không quy định; áp dụng Nghị định 09/2019/NĐ-CP (báo cáo quý, năm)'
                      : (p.reporting ?? []).map((r) => `${periodKindLabel(r.period)}${r.due ? ` (${dueLabel(r.due)})` : ''}`).join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Async>
  );
}
