// Admin.tsx: administration: the agency directory with aliases (search,
// add, edit name, kind, parent and aliases), users and roles (role, unit,
// plan scope, lock and unlock, password reset), and the reporting regime of
// each plan (which periods units report for and by when; it decides the
// periods the monitor generates). Edits of a unit or a regime carry the
// version they were made from: when someone changed it meanwhile the server
// answers 412 and the form asks to reload.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type PlanRegime, type PlanSummary, type Unit, type User, type UserPatch } from '../api';
import { href, type Route } from '../router';
import { Async, Empty, ErrorNotice, PageTitle, TableWrap, useAsync } from '../ui';
import { dueLabel, foldMatch, periodKindLabel, ROLE_LABEL, roleLabel, viSortBy } from '../vn';

const TABS = [
  ['units', 'Danh mục cơ quan'],
  ['users', 'Người dùng và vai trò'],
  ['regimes', 'Chế độ báo cáo'],
] as const;

const KIND_LABEL: Record<string, string> = {
  party: 'Cơ quan Đảng',
  state: 'Cơ quan nhà nước',
  ward: 'Xã, phường',
  collective: 'Nhóm cơ quan (chung)',
  proposed: 'Đề xuất mới',
};
const LEVEL_LABEL: Record<string, string> = { central: 'Trung ương', province: 'Tỉnh', ward: 'Xã, phường' };

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

/** An editor opened from a row far down the table: move focus (and the
 *  view) to it, so keyboard and screen reader users land in the form. */
function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: 'start' });
  }, []);
  return ref;
}

/** A saved-change notice that screen readers announce. */
function Saved({ text }: { text: string | null }) {
  return text ? (
    <p class="notice notice-ok" role="status">
      {text}
    </p>
  ) : null;
}

// ---- the agency directory ------------------------------------------------------

function Units() {
  const units = useAsync(() => api.units(), []);
  const [q, setQ] = useState('');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
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
      {editing !== null && (
        <UnitEditor
          key={editing}
          id={editing}
          units={units.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => units.reload()}
        />
      )}
      <Async state={units} what="danh mục cơ quan">
        {(list) => {
          const shown = viSortBy<Unit>(list, (u) => u.name).filter((u) => foldMatch(`${u.name} ${(u.aliases ?? []).join(' ')}`, q));
          return shown.length === 0 ? (
            <Empty>Không có cơ quan phù hợp.</Empty>
          ) : (
            <TableWrap label="Danh mục cơ quan">
              <table data-testid="units">
                <caption class="meta">{shown.length} cơ quan, đơn vị</caption>
                <thead>
                  <tr>
                    <th scope="col">Tên cơ quan</th>
                    <th scope="col">Loại, cấp</th>
                    <th scope="col">Tên gọi khác</th>
                    <th scope="col">
                      <span class="sr-only">Thao tác</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <tr key={u.id} data-unit={u.id}>
                      <th scope="row">
                        {u.name} {(u.proposed || u.status === 'proposed') && <span class="badge badge-warn">Đề xuất mới</span>}
                      </th>
                      <td>{[u.kind && (KIND_LABEL[u.kind] ?? u.kind), u.level && (LEVEL_LABEL[u.level] ?? u.level)].filter(Boolean).join(', ') || '—'}</td>
                      <td>{(u.aliases ?? []).join('; ') || '—'}</td>
                      <td>
                        <button type="button" class="btn btn-small" aria-label={`Sửa ${u.name}`} onClick={() => setEditing(u.id)}>
                          Sửa
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
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

/** One unit's edit form: name, kind, level, parent; aliases added and removed one at a time. */
function UnitEditor({ id, units, onClose, onSaved }: { id: number; units: Unit[]; onClose: () => void; onSaved: () => void }) {
  const loaded = useAsync(() => api.unit(id), [id]);
  const ref = useFocusOnOpen<HTMLElement>();
  return (
    <section class="card form" aria-labelledby="ue-h" data-testid="unit-editor" tabIndex={-1} ref={ref}>
      <Async state={loaded} what="đơn vị">
        {(u) => <UnitForm key={u.version} unit={u} units={units} onClose={onClose} onSaved={onSaved} reload={loaded.reload} />}
      </Async>
    </section>
  );
}

function UnitForm({ unit, units, onClose, onSaved, reload }: { unit: Unit; units: Unit[]; onClose: () => void; onSaved: () => void; reload: () => void }) {
  const [current, setCurrent] = useState(unit);
  const [form, setForm] = useState({ name: unit.name, kind: unit.kind ?? 'state', level: unit.level ?? 'province', parent: unit.parent_id ? String(unit.parent_id) : '' });
  const [alias, setAlias] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (patch: Parameters<typeof api.updateUnit>[2], done: string) => {
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      const after = await api.updateUnit(current.id, current.version ?? 1, patch);
      setCurrent(after);
      setSaved(done);
      onSaved();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const patch: Parameters<typeof api.updateUnit>[2] = {};
    if (form.name.trim() !== current.name) patch.name = form.name.trim();
    if (form.kind !== current.kind) patch.kind = form.kind;
    if (form.level !== current.level) patch.level = form.level;
    const parent = form.parent ? Number(form.parent) : null;
    if (parent !== (current.parent_id ?? null)) patch.parent_id = parent;
    if (Object.keys(patch).length === 0) {
      setSaved('Không có thay đổi.');
      return;
    }
    void send(patch, 'Đã lưu thông tin cơ quan.');
  };
  const addAlias = async () => {
    const a = alias.trim();
    if (a && (await send({ aliases_add: [a] }, `Đã thêm tên gọi “${a}”.`))) setAlias('');
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const stale = error instanceof ApiError && error.status === 412;
  return (
    <form onSubmit={save}>
      <h2 id="ue-h" class="h3">
        Sửa cơ quan: {current.name}
      </h2>
      <fieldset disabled={busy}>
        <div class="field">
          <label for="ue-name">Tên chính thức</label>
          <input id="ue-name" required value={form.name} onInput={set('name')} />
        </div>
        <div class="row">
          <div class="field">
            <label for="ue-kind">Loại</label>
            <select id="ue-kind" value={form.kind} onChange={set('kind')}>
              {Object.entries(KIND_LABEL).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="ue-level">Cấp</label>
            <select id="ue-level" value={form.level} onChange={set('level')}>
              {Object.entries(LEVEL_LABEL).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="field">
          <label for="ue-parent">Cơ quan cấp trên</label>
          <select id="ue-parent" value={form.parent} onChange={set('parent')}>
            <option value="">— Không có —</option>
            {viSortBy<Unit>(units, (u) => u.name)
              .filter((u) => u.id !== current.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary">
            Lưu
          </button>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Đóng
          </button>
        </div>
        <h3 id="ue-aliases-h">
          Tên gọi khác
        </h3>
        <p class="hint">Các cách viết mà văn bản dùng để gọi cơ quan này; khi nhập kế hoạch, tên gọi khác được gắn về đúng cơ quan.</p>
        {(current.aliases ?? []).length === 0 ? (
          <p class="meta">Chưa có tên gọi khác.</p>
        ) : (
          <ul class="alias-list" aria-labelledby="ue-aliases-h" data-testid="unit-aliases">
            {(current.aliases ?? []).map((a) => (
              <li key={a}>
                <span>{a}</span>
                <button type="button" class="btn btn-small btn-danger" aria-label={`Xóa tên gọi ${a}`} onClick={() => void send({ aliases_remove: [a] }, `Đã xóa tên gọi “${a}”.`)}>
                  Xóa
                </button>
              </li>
            ))}
          </ul>
        )}
        <div class="row">
          <div class="field">
            <label for="ue-alias">Thêm tên gọi khác</label>
            <input
              id="ue-alias"
              value={alias}
              onInput={(e) => setAlias(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void addAlias();
                }
              }}
            />
          </div>
        </div>
        <button type="button" class="btn" disabled={!alias.trim()} onClick={() => void addAlias()}>
          Thêm tên gọi
        </button>
      </fieldset>
      <Saved text={saved} />
      {error !== null && <ErrorNotice error={error} what="thay đổi" doing />}
      {stale && (
        <button type="button" class="btn btn-small" onClick={reload}>
          Tải lại bản mới nhất
        </button>
      )}
    </form>
  );
}

// ---- users and roles ------------------------------------------------------------

function Users() {
  const users = useAsync(() => api.users(), []);
  const units = useAsync(() => api.units(), []);
  const plans = useAsync(() => api.plans(), []);
  const [editing, setEditing] = useState<User | null>(null);
  const [q, setQ] = useState('');
  const [form, setForm] = useState({ login: '', full_name: '', password: '', role: 'officer', unit: '' });
  const [error, setError] = useState<unknown>(null);
  const unitName = (id?: number | null) => (id ? (units.data?.find((x) => x.id === id)?.name ?? `Đơn vị ${id}`) : '—');
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
      {editing && (
        <UserEditor
          key={editing.id}
          user={editing}
          units={units.data ?? []}
          plans={plans.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={(u) => {
            setEditing(u);
            users.reload();
          }}
        />
      )}
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">Tìm người dùng</span>
          <input type="search" placeholder="Tìm theo tên đăng nhập, họ tên, đơn vị…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      <Async state={users} what="danh sách người dùng">
        {(all) => {
          const list = all.filter((u) => foldMatch(`${u.login} ${u.full_name ?? u.name ?? ''} ${u.unit_name ?? unitName(u.unit_id)} ${roleLabel(u.role)}`, q));
          return list.length === 0 ? (
            <Empty>{all.length === 0 ? 'Chưa có người dùng.' : 'Không có người dùng phù hợp.'}</Empty>
          ) : (
            <TableWrap label="Danh sách người dùng">
              <table data-testid="users">
                <caption class="meta">{list.length} tài khoản</caption>
                <thead>
                  <tr>
                    <th scope="col">Tên đăng nhập</th>
                    <th scope="col">Họ tên</th>
                    <th scope="col">Vai trò</th>
                    <th scope="col">Đơn vị</th>
                    <th scope="col">Trạng thái</th>
                    <th scope="col">
                      <span class="sr-only">Thao tác</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {viSortBy(list, (u) => u.full_name ?? u.name ?? u.login).map((u) => (
                    <tr key={u.id} data-login={u.login}>
                      <th scope="row">{u.login}</th>
                      <td>{u.full_name ?? u.name ?? '—'}</td>
                      <td data-testid="user-role">{(u.roles ?? [u.role]).map(roleLabel).join(', ')}</td>
                      <td>{u.unit_name ?? unitName(u.unit_id)}</td>
                      <td>{u.disabled ? <span class="badge badge-bad">Đã khóa</span> : <span class="badge badge-ok">Đang hoạt động</span>}</td>
                      <td>
                        <button type="button" class="btn btn-small" aria-label={`Sửa tài khoản ${u.login}`} onClick={() => setEditing(u)}>
                          Sửa
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          );
        }}
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

/** One account: name, role, unit and plan scope; lock or unlock; a new password. */
function UserEditor({ user, units, plans, onClose, onSaved }: { user: User; units: Unit[]; plans: PlanSummary[]; onClose: () => void; onSaved: (u: User) => void }) {
  const [form, setForm] = useState({
    full_name: user.full_name ?? user.name ?? '',
    role: user.role ?? 'officer',
    unit: user.unit_id ? String(user.unit_id) : '',
    all_plans: !!user.scope_all,
    plan_ids: user.plan_ids ?? [],
  });
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const overseer = form.role === 'aggregator' || form.role === 'steering';
  const ref = useFocusOnOpen<HTMLElement>();
  const run = async (call: () => Promise<User>, done: string) => {
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      onSaved(await call());
      setSaved(done);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const patch: UserPatch = { full_name: form.full_name.trim(), role: form.role, unit: form.unit ? Number(form.unit) : null };
    if (overseer) {
      patch.all_plans = form.all_plans;
      patch.plan_ids = form.all_plans ? [] : form.plan_ids;
    }
    void run(() => api.updateUser(user.id, patch), 'Đã lưu tài khoản; thay đổi có hiệu lực ngay ở lần thao tác tiếp theo của người dùng.');
  };
  const toggle = (plan: number) =>
    setForm({ ...form, plan_ids: form.plan_ids.includes(plan) ? form.plan_ids.filter((p) => p !== plan) : [...form.plan_ids, plan] });
  const set = (k: 'full_name' | 'role' | 'unit') => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <section class="card form" aria-labelledby="ed-h" data-testid="user-editor" tabIndex={-1} ref={ref}>
      <form onSubmit={save}>
        <h2 id="ed-h" class="h3">
          Tài khoản {user.login} {user.disabled && <span class="badge badge-bad">Đã khóa</span>}
        </h2>
        <fieldset disabled={busy}>
          <div class="field">
            <label for="ed-name">Họ tên</label>
            <input id="ed-name" value={form.full_name} onInput={set('full_name')} />
          </div>
          <div class="row">
            <div class="field">
              <label for="ed-role">Vai trò</label>
              <select id="ed-role" value={form.role} onChange={set('role')}>
                {Object.entries(ROLE_LABEL).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="ed-unit">Đơn vị</label>
              <select id="ed-unit" value={form.unit} onChange={set('unit')} aria-describedby="ed-unit-hint">
                <option value="">— Không gắn đơn vị —</option>
                {viSortBy<Unit>(units, (u) => u.name).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <small class="hint" id="ed-unit-hint">
                Cán bộ và lãnh đạo đơn vị cần đơn vị; cơ quan thường trực gắn với đơn vị thì theo dõi các kế hoạch đơn vị đó tổng hợp.
              </small>
            </div>
          </div>
          {overseer && (
            <fieldset class="check-list">
              <legend>Phạm vi kế hoạch</legend>
              <label>
                <input type="checkbox" checked={form.all_plans} onChange={(e) => setForm({ ...form, all_plans: e.currentTarget.checked })} /> Mọi kế hoạch
              </label>
              {!form.all_plans &&
                plans.map((p) => (
                  <label key={p.id}>
                    <input type="checkbox" checked={form.plan_ids.includes(p.id)} onChange={() => toggle(p.id)} /> {p.number ?? ''} {p.title}
                  </label>
                ))}
            </fieldset>
          )}
          <div class="actions">
            <button type="submit" class="btn btn-primary">
              Lưu tài khoản
            </button>
            <button
              type="button"
              class={user.disabled ? 'btn' : 'btn btn-danger'}
              onClick={() => void run(() => api.updateUser(user.id, { disabled: !user.disabled }), user.disabled ? 'Đã mở khóa tài khoản.' : 'Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc.')}
            >
              {user.disabled ? 'Mở khóa tài khoản' : 'Khóa tài khoản'}
            </button>
            <button type="button" class="btn btn-ghost" onClick={onClose}>
              Đóng
            </button>
          </div>
        </fieldset>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => api.resetPassword(user.id, password), 'Đã đặt mật khẩu mới; các phiên đăng nhập cũ đã kết thúc.').then(() => setPassword(''));
        }}
      >
        <div class="row">
          <div class="field">
            <label for="ed-pass">Đặt mật khẩu mới (ít nhất 10 ký tự)</label>
            <input id="ed-pass" type="password" autoComplete="new-password" minLength={10} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
        </div>
        <button type="submit" class="btn" disabled={busy || password.length < 10}>
          Đặt lại mật khẩu
        </button>
      </form>
      <Saved text={saved} />
      {error !== null && <ErrorNotice error={error} what="thay đổi tài khoản" doing />}
    </section>
  );
}

// ---- reporting regimes ----------------------------------------------------------

const PERIODS = ['month', 'quarter', 'half', 'nine_months', 'year', 'adhoc'] as const;

/** A due day as the form edits it: the default, the Nth of the period's last
 *  month, the Nth of the month after, or a fixed day and month. */
type DueForm = { rule: '' | 'day' | 'next' | 'date'; day: string; month: string };

function dueToForm(due: string | null): DueForm {
  let m = /^day (\d+)(?: of last month)?$/.exec(due ?? '');
  if (m) return { rule: 'day', day: m[1], month: '' };
  m = /^day (\d+) of next month$/.exec(due ?? '');
  if (m) return { rule: 'next', day: m[1], month: '' };
  m = /^(\d{2})-(\d{2})$/.exec(due ?? '');
  if (m) return { rule: 'date', day: String(Number(m[2])), month: String(Number(m[1])) };
  return { rule: '', day: '', month: '' };
}

function formToDue(f: DueForm): string | null {
  const d = Number(f.day);
  if (f.rule === 'day') return `day ${d}`;
  if (f.rule === 'next') return `day ${d} of next month`;
  if (f.rule === 'date') return `${String(Number(f.month)).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return null;
}

function regimeText(items: { period: string; due: string | null }[]): string {
  return items.length === 0
    ? 'Văn bản không quy định; áp dụng Nghị định 09/2019/NĐ-CP (báo cáo quý, năm)'
    : items.map((r) => `${periodKindLabel(r.period)}${r.due ? ` (${dueLabel(r.due)})` : ''}`).join('; ');
}

/** The reporting regime of every plan; the plan's aggregating body or an administrator edits it. */
function Regimes() {
  const plans = useAsync(async () => Promise.all((await api.plans()).map((p) => api.plan(p.id))), []);
  const [editing, setEditing] = useState<number | null>(null);
  return (
    <>
      {editing !== null && <RegimeEditor key={editing} plan={editing} label={plans.data?.find((p) => p.id === editing)?.number ?? ''} onClose={() => setEditing(null)} onSaved={() => plans.reload()} />}
      <Async state={plans} what="chế độ báo cáo">
        {(list) => (
          <TableWrap label="Chế độ báo cáo của các kế hoạch">
            <table data-testid="regimes">
              <thead>
                <tr>
                  <th scope="col">Kế hoạch</th>
                  <th scope="col">Kỳ báo cáo và hạn gửi</th>
                  <th scope="col">
                    <span class="sr-only">Thao tác</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <a href={href(`/plans/${p.id}`)}>{p.number ?? p.title}</a>
                    </th>
                    <td>{regimeText((p.reporting ?? []).map((r) => ({ period: r.period, due: r.due ?? null })))}</td>
                    <td>
                      <button type="button" class="btn btn-small" aria-label={`Sửa chế độ báo cáo của ${p.number ?? p.title}`} onClick={() => setEditing(p.id)}>
                        Sửa
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Async>
    </>
  );
}

function RegimeEditor({ plan, label, onClose, onSaved }: { plan: number; label: string; onClose: () => void; onSaved: () => void }) {
  const loaded = useAsync(() => api.regime(plan), [plan]);
  const ref = useFocusOnOpen<HTMLElement>();
  return (
    <section class="card form" aria-labelledby="re-h" data-testid="regime-editor" tabIndex={-1} ref={ref}>
      <h2 id="re-h" class="h3">
        Chế độ báo cáo của kế hoạch {label}
      </h2>
      <Async state={loaded} what="chế độ báo cáo">
        {(r) => <RegimeForm key={r.version} regime={r} onClose={onClose} onSaved={onSaved} reload={loaded.reload} />}
      </Async>
    </section>
  );
}

function RegimeForm({ regime, onClose, onSaved, reload }: { regime: PlanRegime; onClose: () => void; onSaved: () => void; reload: () => void }) {
  const [version, setVersion] = useState(regime.version);
  const [rows, setRows] = useState(regime.items.map((i) => ({ period: i.period, due: dueToForm(i.due) })));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const free = PERIODS.filter((k) => !rows.some((r) => r.period === k));
  const update = (i: number, change: Partial<{ period: string; due: DueForm }>) => setRows(rows.map((r, k) => (k === i ? { ...r, ...change } : r)));
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    setBusy(true);
    try {
      const after = await api.saveRegime(
        regime.plan_id,
        version,
        rows.map((r) => ({ period: r.period, due: r.period === 'adhoc' ? null : formToDue(r.due) })),
      );
      setVersion(after.version);
      setSaved(`Đã lưu: ${regimeText(after.items)}. Các kỳ báo cáo tạo từ nay theo chế độ mới.`);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save}>
      <fieldset disabled={busy}>
        {rows.length === 0 && <p class="meta">Chưa quy định: áp dụng báo cáo quý và năm theo Nghị định 09/2019/NĐ-CP.</p>}
        {rows.map((r, i) => (
          <fieldset class="regime-row" key={r.period}>
            <legend>{periodKindLabel(r.period)}</legend>
            <div class="row">
              <div class="field">
                <label for={`re-period-${i}`}>Kỳ báo cáo</label>
                <select id={`re-period-${i}`} value={r.period} onChange={(e) => update(i, { period: e.currentTarget.value })}>
                  {[r.period, ...free].map((k) => (
                    <option key={k} value={k}>
                      {periodKindLabel(k)}
                    </option>
                  ))}
                </select>
              </div>
              {r.period !== 'adhoc' && (
                <div class="field">
                  <label for={`re-rule-${i}`}>Hạn gửi</label>
                  <select id={`re-rule-${i}`} value={r.due.rule} onChange={(e) => update(i, { due: { ...r.due, rule: e.currentTarget.value as DueForm['rule'] } })}>
                    <option value="">Mặc định (ngày 20 tháng cuối kỳ)</option>
                    <option value="day">Ngày … của tháng cuối kỳ</option>
                    <option value="next">Ngày … của tháng sau kỳ</option>
                    <option value="date">Ngày, tháng cố định</option>
                  </select>
                </div>
              )}
              {r.period !== 'adhoc' && r.due.rule !== '' && (
                <div class="field field-narrow">
                  <label for={`re-day-${i}`}>Ngày</label>
                  <input id={`re-day-${i}`} type="number" inputMode="numeric" min={1} max={31} required value={r.due.day} onInput={(e) => update(i, { due: { ...r.due, day: e.currentTarget.value } })} />
                </div>
              )}
              {r.period !== 'adhoc' && r.due.rule === 'date' && (
                <div class="field field-narrow">
                  <label for={`re-month-${i}`}>Tháng</label>
                  <input id={`re-month-${i}`} type="number" inputMode="numeric" min={1} max={12} required value={r.due.month} onInput={(e) => update(i, { due: { ...r.due, month: e.currentTarget.value } })} />
                </div>
              )}
            </div>
            <button type="button" class="btn btn-small btn-danger" onClick={() => setRows(rows.filter((_, k) => k !== i))}>
              Bỏ kỳ {periodKindLabel(r.period).toLowerCase()}
            </button>
          </fieldset>
        ))}
        <div class="actions">
          {free.length > 0 && (
            <button type="button" class="btn" onClick={() => setRows([...rows, { period: free[0], due: { rule: '', day: '', month: '' } }])}>
              Thêm kỳ báo cáo
            </button>
          )}
          <button type="submit" class="btn btn-primary">
            Lưu chế độ báo cáo
          </button>
          <button type="button" class="btn btn-ghost" onClick={onClose}>
            Đóng
          </button>
        </div>
      </fieldset>
      <Saved text={saved} />
      {error !== null && <ErrorNotice error={error} what="chế độ báo cáo" doing />}
      {error instanceof ApiError && error.status === 412 && (
        <button type="button" class="btn btn-small" onClick={reload}>
          Tải lại bản mới nhất
        </button>
      )}
    </form>
  );
}
