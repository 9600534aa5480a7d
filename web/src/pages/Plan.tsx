// Plan.tsx: one plan: its metadata, its place in the cascade (the plans it
// carries out and the plans that carry it out), and its tasks as a tree of
// sections built from the document's own numbering, with filters by status
// and agency and an accent-insensitive search done by the server.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, docNumber, unitName, type PlanDetail, type Task, type Unit } from '../api';
import { href, replaceQuery, type Route } from '../router';
import { boundUnit, useSession } from '../session';
import { Async, Empty, ErrorNotice, Loading, PageTitle, StatusBadge, useAsync } from '../ui';
import { dueLabel, FIELD_ORDER, fieldLabel, fmtDate, periodKindLabel, STATUS_ORDER, statusLabel, viSortBy } from '../vn';

export function PlanPage({ id, route }: { id: number; route: Route }) {
  const plan = useAsync(() => api.plan(id), [id]);
  return (
    <Async state={plan} what="kế hoạch">
      {(p) => <PlanView plan={p} route={route} />}
    </Async>
  );
}

function PlanView({ plan, route }: { plan: PlanDetail; route: Route }) {
  const [q, setQ] = useState(route.query.get('q') ?? '');
  const [status, setStatus] = useState(route.query.get('status') ?? '');
  const [field, setField] = useState(route.query.get('field') ?? '');
  const { user } = useSession();
  const bound = boundUnit(user);
  const [unitId, setUnitId] = useState(route.query.get('unit') ?? (bound ? String(bound) : ''));
  const [debouncedQ, setDebouncedQ] = useState(q);
  useEffect(() => {
    const t = setTimeout(() => setDebouncedQ(q), 250);
    return () => clearTimeout(t);
  }, [q]);
  useEffect(() => {
    replaceQuery(route.path, { q: debouncedQ, status, field, unit: unitId });
  }, [debouncedQ, status, field, unitId]);

  const tasks = useAsync(
    () => api.tasks({ plan: plan.id, q: debouncedQ.trim() || undefined, status: status || undefined, field: field || undefined, unit: unitId ? Number(unitId) : undefined, limit: 500 }),
    [plan.id, debouncedQ, status, field, unitId],
  );
  const units = useAsync(() => api.units(), []);
  const filtering = !!(debouncedQ.trim() || status || field || unitId);

  return (
    <section>
      <nav class="crumbs" aria-label="Vị trí">
        <a href={href('/plans')}>Kế hoạch</a> › <span>{plan.number ?? plan.title}</span>
      </nav>
      <PageTitle sub={`${plan.issuer ?? ''}${plan.date ? ` · ngày ${fmtDate(plan.date)}` : ''}`}>
        {plan.kind ?? 'Kế hoạch'} {plan.number ?? ''}
      </PageTitle>
      <p class="lead-text">{plan.title}</p>
      <Cascade plan={plan} />
      {plan.reporting && plan.reporting.length > 0 && (
        <p class="meta">
          Chế độ báo cáo: {plan.reporting.map((r) => `${periodKindLabel(r.period)}${r.due ? ` (${dueLabel(r.due)})` : ''}`).join('; ')}
        </p>
      )}
      {plan.duties && plan.duties.length > 0 && (
        <details class="card">
          <summary class="h3">Tổ chức thực hiện ({plan.duties.length} cơ quan)</summary>
          <dl class="duties">
            {plan.duties.map((d, k) => (
              <div key={k}>
                <dt>{d.unit}</dt>
                <dd>{d.text}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}

      <h2>Nhiệm vụ</h2>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="task-q">Tìm nhiệm vụ</label>
          <input id="task-q" type="search" placeholder="Ví dụ: khoa hoc, chuyển đổi số…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          <small class="hint">Không phân biệt dấu và chữ hoa.</small>
        </div>
        <div class="field">
          <label for="task-status">Tình trạng</label>
          <select id="task-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">Tất cả</option>
            {STATUS_ORDER.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="task-field">Lĩnh vực</label>
          <select id="task-field" value={field} onChange={(e) => setField(e.currentTarget.value)}>
            <option value="">Tất cả lĩnh vực</option>
            {FIELD_ORDER.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="task-unit">Cơ quan chủ trì, phối hợp</label>
          <select id="task-unit" value={unitId} onChange={(e) => setUnitId(e.currentTarget.value)} disabled={!units.data || !!bound}>
            {!bound && <option value="">Tất cả cơ quan</option>}
            {viSortBy<Unit>(units.data ?? [], (u) => u.name).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {tasks.error ? (
        <ErrorNotice error={tasks.error} what="danh sách nhiệm vụ" onRetry={tasks.reload} />
      ) : !tasks.data ? (
        <Loading />
      ) : (
        <>
          <p class="meta" role="status" aria-live="polite" data-testid="task-count">
            {filtering ? `Tìm thấy ${tasks.data.total} nhiệm vụ` : `${tasks.data.total} nhiệm vụ`}
            {tasks.loading ? ' · đang cập nhật…' : ''}
          </p>
          {tasks.data.items.length === 0 ? <Empty>Không có nhiệm vụ phù hợp.</Empty> : <TaskTree tasks={tasks.data.items} flat={filtering} />}
        </>
      )}
    </section>
  );
}

/** Plans this one carries out (by number) and plans that carry it out. */
function Cascade({ plan }: { plan: PlanDetail }) {
  const above = (plan.implements ?? []).map((d) => ({ number: docNumber(d), planId: typeof d === 'string' ? null : (d.plan_id ?? null) }));
  const below = plan.implemented_by ?? [];
  if (above.length === 0 && below.length === 0) return null;
  return (
    <div class="cascade card" data-testid="cascade">
      {above.length > 0 && (
        <div>
          <h2 class="h3">Thực hiện văn bản cấp trên</h2>
          <ul>
            {above.map((d) => (
              <li key={d.number}>
                {d.planId ? <a href={href(`/plans/${d.planId}`)}>{d.number}</a> : <>{d.number}</>}
                {!d.planId && <span class="meta"> (chưa có trong hệ thống)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {below.length > 0 && (
        <div>
          <h2 class="h3">Kế hoạch cấp dưới triển khai</h2>
          <ul>
            {below.map((p) => (
              <li key={p.plan_id}>
                <a href={href(`/plans/${p.plan_id}`)}>{p.number ?? p.title}</a> — {p.title}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** A section of the tree: tasks and sub-sections in document order. */
interface Group {
  key: string;
  entries: (Task | Group)[];
}
const isGroup = (e: Task | Group): e is Group => 'entries' in e;

/** Two levels of sections from the document's numbering: "III.1.1" sits in
 *  section III, sub-section III.1; "III.10" directly in III; "1" at the top. */
function buildTree(tasks: Task[]): Group {
  const root: Group = { key: '', entries: [] };
  const find = (parent: Group, key: string): Group => {
    let g = parent.entries.find((x): x is Group => isGroup(x) && x.key === key);
    if (!g) {
      g = { key, entries: [] };
      parent.entries.push(g);
    }
    return g;
  };
  for (const t of tasks) {
    const parts = (t.code ?? '').split('.');
    if (parts.length < 2) root.entries.push(t);
    else if (parts.length === 2) find(root, parts[0]).entries.push(t);
    else find(find(root, parts[0]), `${parts[0]}.${parts[1]}`).entries.push(t);
  }
  return root;
}

function countTasks(g: Group): number {
  return g.entries.reduce((n, e) => n + (isGroup(e) ? countTasks(e) : 1), 0);
}

/** Consecutive tasks become one list; each group becomes a collapsible section. */
function Entries({ entries, depth }: { entries: (Task | Group)[]; depth: number }) {
  const out = [];
  let run: Task[] = [];
  const flush = () => {
    if (run.length) out.push(<TaskList key={`t-${out.length}`} tasks={run} />);
    run = [];
  };
  for (const e of entries) {
    if (!isGroup(e)) {
      run.push(e);
      continue;
    }
    flush();
    out.push(
      <details key={e.key} open class={depth ? 'tree-node tree-sub' : 'tree-node'}>
        <summary>
          <span class="tree-label">{depth ? e.key : `Mục ${e.key}`}</span> <span class="meta">({countTasks(e)} nhiệm vụ)</span>
        </summary>
        <div class="tree-body">
          <Entries entries={e.entries} depth={depth + 1} />
        </div>
      </details>,
    );
  }
  flush();
  return <>{out}</>;
}

function TaskTree({ tasks, flat }: { tasks: Task[]; flat: boolean }) {
  const tree = useMemo(() => buildTree(tasks), [tasks]);
  if (flat || tree.entries.every((e) => !isGroup(e))) return <TaskList tasks={tasks} />;
  return (
    <div class="tree">
      <Entries entries={tree.entries} depth={0} />
    </div>
  );
}

export function TaskList({ tasks, showPlan }: { tasks: Task[]; showPlan?: boolean }) {
  return (
    <ul class="task-list" data-testid="task-list">
      {tasks.map((t) => (
        <li key={t.id} class="task-row">
          <div class="task-main">
            {t.code && <span class="task-code">{t.code}</span>}
            <a href={href(`/tasks/${t.id}`)} class="task-title">
              {t.title}
            </a>
            {showPlan && t.plan_number && <span class="meta"> · {t.plan_number}</span>}
          </div>
          <div class="task-meta">
            <StatusBadge status={t.status} />
            {t.lead && t.lead.length > 0 && <span class="meta">Chủ trì: {t.lead.map(unitName).join('; ')}</span>}
            {t.schedule?.due && <span class="meta">Hạn: {fmtDate(t.schedule.due)}</span>}
            {!t.schedule?.due && t.timeline && <span class="meta">Thời gian: {t.timeline}</span>}
            {t.status_reason && <span class="reason">{t.status_reason}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}
