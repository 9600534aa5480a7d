// Dashboard.tsx: the leader's view of their scope at a glance: tasks by
// status, by agency and by field; the overdue and at-risk tasks with their
// reasons; report timeliness; the indicator board with traffic lights; and
// the trend over reporting periods. Every figure is the server's.
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, type Indicator, type Task } from '../api';
import { defaultPeriod, periodLabel } from '../planpicker';
import { boundUnit, useSession } from '../session';
import { EChart, type ChartOption } from '../charts';
import { loadOverview, type OverviewData } from '../overview';
import { href, replaceQuery, type Route } from '../router';
import { Async, Empty, ErrorNotice, Loading, PageTitle, Stat, useAsync } from '../ui';
import { fmtNumber, lightLabel, STATUS_COLOR, STATUS_ORDER, statusLabel, todayIso, fmtDate, viCompare } from '../vn';
import { TaskList } from './Plan';

export default function DashboardPage({ route }: { route: Route }) {
  const [planId, setPlanId] = useState(route.query.get('plan') ?? '');
  const plans = useAsync(() => api.plans(), []);
  const overview = useAsync(() => loadOverview(planId ? Number(planId) : undefined), [planId]);
  const choose = (v: string) => {
    setPlanId(v);
    replaceQuery('/', { plan: v });
  };
  return (
    <section>
      <PageTitle sub={`Số liệu tính đến ngày ${fmtDate(todayIso())}.`}>Tổng quan</PageTitle>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="dash-plan">Phạm vi</label>
          <select id="dash-plan" value={planId} onChange={(e) => choose(e.currentTarget.value)}>
            <option value="">Tất cả kế hoạch</option>
            {(plans.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.number ?? p.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async state={overview} what="số liệu tổng quan">
        {(o) => <Board o={o} planId={planId ? Number(planId) : undefined} />}
      </Async>
    </section>
  );
}

function Board({ o, planId }: { o: OverviewData; planId?: number }) {
  const count = (k: string) => o.byStatus.find(([s]) => s === k)?.[1] ?? 0;
  const done = count('done_on_time') + count('done_late') + count('done');
  return (
    <>
      <div class="stats" data-testid="stats">
        <Stat label="Tổng số nhiệm vụ" value={<span data-testid="stat-total">{fmtNumber(o.total)}</span>} />
        <Stat label="Đã hoàn thành" value={<span data-testid="stat-done">{fmtNumber(done)}</span>} tone="ok" />
        <Stat label="Đang thực hiện" value={<span data-testid="stat-in_progress">{fmtNumber(count('in_progress'))}</span>} tone="info" />
        <Stat label="Có nguy cơ chậm" value={<span data-testid="stat-at_risk">{fmtNumber(count('at_risk'))}</span>} tone="warn" />
        <Stat label="Quá hạn" value={<span data-testid="stat-overdue">{fmtNumber(count('overdue'))}</span>} tone="bad" />
      </div>
      <div class="grid2">
        <StatusChart o={o} />
        <AgencyChart o={o} />
      </div>
      {o.byField.length > 0 && <FieldChart o={o} />}
      <div class="grid2">
        <RiskList title="Nhiệm vụ quá hạn" status="overdue" given={o.raw.overdue} planId={planId} />
        <Warnings planId={planId} />
      </div>
      <Timeliness planId={planId} />
      <IndicatorBoard planId={planId} />
      <Trend o={o} />
    </>
  );
}

function StatusChart({ o }: { o: OverviewData }) {
  const rows = STATUS_ORDER.map((s) => [s, o.byStatus.find(([k]) => k === s)?.[1] ?? 0] as const).filter(([, n]) => n > 0);
  const extra = o.byStatus.filter(([k]) => !(STATUS_ORDER as readonly string[]).includes(k) && k !== '' && Number(k) !== 0);
  const all = [...rows, ...extra];
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          label: { formatter: '{c}' },
          data: all.map(([k, n]) => ({ name: statusLabel(k), value: n, itemStyle: { color: STATUS_COLOR[k] ?? '#6b7280' } })),
        },
      ],
    }),
    [o],
  );
  return (
    <figure class="card">
      <figcaption class="h3">Nhiệm vụ theo tình trạng</figcaption>
      {all.length === 0 ? <Empty>Chưa có nhiệm vụ.</Empty> : <EChart option={option} label={all.map(([k, n]) => `${statusLabel(k)}: ${n}`).join('; ')} />}
      <DataTable head={['Tình trạng', 'Số nhiệm vụ']} rows={all.map(([k, n]) => [statusLabel(k), fmtNumber(n)])} testid="status-table" />
    </figure>
  );
}

function AgencyChart({ o }: { o: OverviewData }) {
  const top = [...o.byAgency].sort((a, b) => b.total - a.total || viCompare(a.name, b.name)).slice(0, 12);
  const stacked = top.some((a) => Object.keys(a.byStatus).length > 0);
  const names = top.map((a) => a.name).reverse();
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: stacked ? 40 : 8, containLabel: true },
      legend: stacked ? { bottom: 0, type: 'scroll' } : undefined,
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, axisLabel: { width: 150, overflow: 'truncate' } },
      series: stacked
        ? STATUS_ORDER.map((s) => ({
            type: 'bar',
            stack: 'all',
            name: statusLabel(s),
            itemStyle: { color: STATUS_COLOR[s] },
            data: [...top].reverse().map((a) => a.byStatus[s] ?? 0),
          }))
        : [{ type: 'bar', name: 'Số nhiệm vụ chủ trì', itemStyle: { color: '#1d4ed8' }, data: [...top].reverse().map((a) => a.total) }],
    }),
    [o],
  );
  return (
    <figure class="card">
      <figcaption class="h3">Nhiệm vụ theo cơ quan chủ trì</figcaption>
      {top.length === 0 ? <Empty>Chưa có số liệu theo cơ quan.</Empty> : <EChart option={option} label={`Số nhiệm vụ của ${top.length} cơ quan chủ trì nhiều nhiệm vụ nhất`} tall />}
      <DataTable head={['Cơ quan chủ trì', 'Số nhiệm vụ']} rows={top.map((a) => [a.name, fmtNumber(a.total)])} testid="agency-table" />
    </figure>
  );
}

function FieldChart({ o }: { o: OverviewData }) {
  const rows = [...o.byField].sort((a, b) => b[1] - a[1]);
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map(([k]) => k || 'Chưa phân loại').reverse(), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', itemStyle: { color: '#0f766e' }, data: rows.map(([, n]) => n).reverse() }],
    }),
    [o],
  );
  return (
    <figure class="card">
      <figcaption class="h3">Nhiệm vụ theo lĩnh vực</figcaption>
      <EChart option={option} label="Số nhiệm vụ theo lĩnh vực" />
      <DataTable head={['Lĩnh vực', 'Số nhiệm vụ']} rows={rows.map(([k, n]) => [k || 'Chưa phân loại', fmtNumber(n)])} />
    </figure>
  );
}

function RiskList({ title, status, given, planId }: { title: string; status: string; given?: Task[]; planId?: number }) {
  const unit = boundUnit(useSession().user);
  const tasks = useAsync(
    async () => (given ? { items: given, total: given.length } : api.tasks({ status, plan: planId, unit, limit: 8 })),
    [status, planId, given, unit],
  );
  return (
    <section class="card">
      <h2 class="h3">{title}</h2>
      <Async state={tasks} what={title.toLowerCase()}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty>Không có nhiệm vụ nào.</Empty>
          ) : (
            <>
              <TaskList tasks={p.items.slice(0, 8)} showPlan />
              {p.total > 8 && (
                <p>
                  <a href={href(planId ? `/plans/${planId}` : '/plans', planId ? { status } : {})}>Xem tất cả {p.total} nhiệm vụ</a>
                </p>
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}

/** Timeliness of the latest period past its deadline, of the plan or of every plan. */
function Timeliness({ planId }: { planId?: number }) {
  const unit = boundUnit(useSession().user);
  const state = useAsync(async () => {
    const ids = planId ? [planId] : (await api.plans()).map((p) => p.id);
    const counts: Record<string, number> = { on_time: 0, late: 0, missing: 0, pending: 0 };
    const periods: string[] = [];
    for (const id of ids) {
      const period = defaultPeriod(await api.periods(id), todayIso());
      if (!period) continue;
      periods.push(periodLabel(period));
      for (const r of await api.periodReports(period.id, unit)) counts[r.timeliness] = (counts[r.timeliness] ?? 0) + 1;
    }
    return { counts, periods };
  }, [planId, unit]);
  return (
    <section class="card">
      <h2 class="h3">Tình hình gửi báo cáo</h2>
      <Async state={state} what="tình hình gửi báo cáo">
        {({ counts, periods }) =>
          periods.length === 0 ? (
            <Empty>Chưa có kỳ báo cáo nào.</Empty>
          ) : (
            <>
              <p class="meta">Kỳ: {periods.join('; ')}</p>
              <div class="stats" data-testid="timeliness">
                <Stat label="Gửi đúng hạn" value={fmtNumber(counts.on_time)} tone="ok" />
                <Stat label="Gửi muộn" value={fmtNumber(counts.late)} tone="warn" />
                <Stat label="Quá hạn chưa gửi" value={fmtNumber(counts.missing)} tone="bad" />
                <Stat label="Chưa đến hạn" value={fmtNumber(counts.pending)} />
              </div>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** Early warnings with their reasons (monitor), or the at-risk tasks when the server has none. */
function Warnings({ planId }: { planId?: number }) {
  const state = useAsync(async () => {
    if (!planId) return null;
    try {
      return await api.warnings(planId);
    } catch (e) {
      if (e instanceof ApiError && e.notAvailable) return null;
      throw e;
    }
  }, [planId]);
  if (state.data === null) return <RiskList title="Nhiệm vụ có nguy cơ chậm" status="at_risk" planId={planId} />;
  return (
    <section class="card">
      <h2 class="h3">Cảnh báo sớm: nhiệm vụ có nguy cơ chậm</h2>
      <Async state={state} what="cảnh báo sớm">
        {(list) =>
          !list || list.length === 0 ? (
            <Empty>Không có nhiệm vụ nào có nguy cơ chậm.</Empty>
          ) : (
            <ul class="task-list" data-testid="warnings">
              {list.slice(0, 8).map((w) => (
                <li key={w.task_id} class="task-row">
                  <div class="task-main">
                    {w.code && <span class="task-code">{w.code}</span>}
                    <a class="task-title" href={href(`/tasks/${w.task_id}`)}>
                      {w.title}
                    </a>
                  </div>
                  <div class="task-meta">
                    {w.due_date && <span class="meta">Hạn: {fmtDate(w.due_date)}</span>}
                    {typeof w.days_left === 'number' && <span class="meta">còn {w.days_left} ngày</span>}
                    {typeof w.percent === 'number' && <span class="meta">đạt {w.percent}%</span>}
                  </div>
                  <ul class="reasons">
                    {w.reasons.map((r, k) => (
                      <li key={k} class="reason">
                        {r}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}

function IndicatorBoard({ planId }: { planId?: number }) {
  const inds = useAsync(() => api.indicators(planId), [planId]);
  return (
    <section class="card">
      <h2 class="h3">Bảng chỉ tiêu</h2>
      {inds.error ? (
        <ErrorNotice error={inds.error} what="danh sách chỉ tiêu" />
      ) : !inds.data ? (
        <Loading />
      ) : inds.data.length === 0 ? (
        <Empty>Chưa có chỉ tiêu.</Empty>
      ) : (
        <>
          <ul class="lights">
            {inds.data.slice(0, 12).map((i: Indicator) => (
              <li key={i.id}>
                <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" />
                <a href={href(`/indicators/${i.id}`, { plan: i.plan_id })}>{i.name}</a>
                <span class="meta"> — {lightLabel(i.light)}</span>
              </li>
            ))}
          </ul>
          <p>
            <a href={href('/indicators', planId ? { plan: planId } : {})}>Xem toàn bộ {inds.data.length} chỉ tiêu</a>
          </p>
        </>
      )}
    </section>
  );
}

function Trend({ o }: { o: OverviewData }) {
  const trend = o.raw.trend;
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: (trend ?? []).map((r) => r.period) },
      yAxis: { type: 'value', minInterval: 1 },
      series: STATUS_ORDER.map((s) => ({
        type: 'line',
        name: statusLabel(s),
        itemStyle: { color: STATUS_COLOR[s] },
        data: (trend ?? []).map((r) => Number(r[s] ?? 0)),
      })),
    }),
    [trend],
  );
  return (
    <section class="card">
      <h2 class="h3">Xu hướng qua các kỳ báo cáo</h2>
      {trend && trend.length > 0 ? (
        <EChart option={option} label="Số nhiệm vụ theo tình trạng qua các kỳ báo cáo" />
      ) : (
        <Empty>Chưa đủ kỳ báo cáo để vẽ xu hướng.</Empty>
      )}
    </section>
  );
}

export function DataTable({ head, rows, testid }: { head: string[]; rows: string[][]; testid?: string }) {
  return (
    <details class="data-table">
      <summary>Xem dạng bảng</summary>
      <div class="table-wrap">
        <table data-testid={testid}>
          <thead>
            <tr>
              {head.map((h) => (
                <th scope="col" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((c, j) => (j === 0 ? <th scope="row" key={j}>{c}</th> : <td key={j}>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
