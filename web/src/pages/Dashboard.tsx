// Dashboard.tsx: the leader's view of their scope at a glance: tasks by
// status and by lead agency; the overdue and at-risk tasks with their
// reasons; report timeliness of the current period; the indicator board with
// traffic lights; and the trend over the last twelve month-ends. One request
// per card, for the whole scope or one plan: every figure is the server's.
// The charts are plain SVG (svgchart.tsx): nothing to compile before them.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Indicator, type IndicatorBoard as IndicatorBoardData, type Task, type Timeliness as TimelinessData } from '../api';
import { loadIndicatorBoard, loadOverview, loadTimeliness, type OverviewData } from '../overview';
import { Donut, Lines, StackedBars } from '../svgchart';
import { href, replaceQuery, type Route } from '../router';
import { Async, Empty, PageTitle, Stat, TableWrap, useAsync, type AsyncState } from '../ui';
import { fmtNumber, lightLabel, STATUS_COLOR, STATUS_ORDER, statusLabel, fmtDate, viCompare } from '../vn';

export default function DashboardPage({ route }: { route: Route }) {
  const [planId, setPlanId] = useState(route.query.get('plan') ?? '');
  const plan = planId ? Number(planId) : undefined;
  const overview = useAsync(() => loadOverview(plan), [planId]);
  const timeliness = useAsync(() => loadTimeliness(plan), [planId]);
  const board = useAsync(() => loadIndicatorBoard(plan), [planId]);
  // The picker's list (every plan: 1.7 MB at national scale) waits until
  // every card is on screen and the browser is idle, so it never competes
  // with their answers.
  const shown = overview.data !== undefined && !timeliness.loading && !board.loading;
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    if (!shown || idle) return;
    const id = requestIdleCallback(() => setIdle(true), { timeout: 3000 });
    return () => cancelIdleCallback(id);
  }, [shown, idle]);
  const plans = useAsync(async () => (idle ? api.plans() : []), [idle]);
  const choose = (v: string) => {
    setPlanId(v);
    replaceQuery('/', { plan: v });
  };
  return (
    <section>
      <PageTitle sub={overview.data ? `Số liệu tính đến ngày ${fmtDate(overview.data.raw.at)}.` : undefined}>Tổng quan</PageTitle>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="dash-plan">Phạm vi</label>
          <select id="dash-plan" value={planId} onChange={(e) => choose(e.currentTarget.value)}>
            <option value="">Tất cả kế hoạch</option>
            {planId && !(plans.data ?? []).some((p) => String(p.id) === planId) && <option value={planId}>Kế hoạch số {planId}</option>}
            {(plans.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.number ?? p.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async state={overview} what="số liệu tổng quan">
        {(o) => <Board o={o} planId={plan} />}
      </Async>
      <Timeliness state={timeliness} />
      <IndicatorBoard board={board} planId={plan} />
    </section>
  );
}

function Board({ o, planId }: { o: OverviewData; planId?: number }) {
  const count = (k: string) => o.raw.by_status[k] ?? 0;
  const done = count('done_on_time') + count('done_late');
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
      <FieldChart o={o} planId={planId} />
      <div class="grid2">
        <RiskList title="Nhiệm vụ quá hạn" status="overdue" tasks={o.raw.overdue} total={count('overdue')} planId={planId} testid="overdue-list" />
        <RiskList title="Cảnh báo sớm: nhiệm vụ có nguy cơ chậm" status="at_risk" tasks={o.raw.at_risk} total={count('at_risk')} planId={planId} testid="warnings" />
      </div>
      <Trend o={o} />
    </>
  );
}

function StatusChart({ o }: { o: OverviewData }) {
  const rows = STATUS_ORDER.map((s) => [s, o.raw.by_status[s] ?? 0] as const).filter(([, n]) => n > 0);
  return (
    <figure class="card" data-testid="status-chart">
      <figcaption class="h3">Nhiệm vụ theo tình trạng</figcaption>
      {rows.length === 0 ? (
        <Empty>Chưa có nhiệm vụ.</Empty>
      ) : (
        <Donut
          slices={rows.map(([k, n]) => ({ name: statusLabel(k), value: n, color: STATUS_COLOR[k] ?? '#6b7280' }))}
          label={rows.map(([k, n]) => `${statusLabel(k)}: ${n}`).join('; ')}
          fmt={fmtNumber}
        />
      )}
      <DataTable head={['Tình trạng', 'Số nhiệm vụ']} rows={rows.map(([k, n]) => [statusLabel(k), fmtNumber(n)])} testid="status-table" />
    </figure>
  );
}

function AgencyChart({ o }: { o: OverviewData }) {
  const top = [...o.byAgency].sort((a, b) => b.total - a.total || viCompare(a.name, b.name)).slice(0, 12);
  const rows = o.byAgency.map((a) => [a.name, fmtNumber(a.total)]);
  if (o.others) rows.push([`${fmtNumber(o.others.units)} cơ quan khác`, fmtNumber(o.others.total)]);
  return (
    <figure class="card" data-testid="agency-chart">
      <figcaption class="h3">Nhiệm vụ theo cơ quan chủ trì</figcaption>
      {top.length === 0 ? (
        <Empty>Chưa có số liệu theo cơ quan.</Empty>
      ) : (
        <StackedBars
          rows={top.map((a) => ({ name: a.name, values: STATUS_ORDER.map((s) => a.byStatus[s] ?? 0) }))}
          series={STATUS_ORDER.map((s) => ({ name: statusLabel(s), color: STATUS_COLOR[s] }))}
          label={`Số nhiệm vụ của ${top.length} cơ quan chủ trì nhiều nhiệm vụ nhất (trong ${fmtNumber(o.raw.lead_count)} cơ quan)`}
          fmt={fmtNumber}
        />
      )}
      <DataTable head={['Cơ quan chủ trì', 'Số nhiệm vụ']} rows={rows} testid="agency-table" />
    </figure>
  );
}

/** Tasks by field (lĩnh vực); within one plan each bar opens its task list filtered by that field. */
function FieldChart({ o, planId }: { o: OverviewData; planId?: number }) {
  const fields = (o.raw.by_field ?? []).filter((f) => f.total > 0);
  const link = (field: string) => (planId ? href(`/plans/${planId}`, { field }) : undefined);
  return (
    <figure class="card" data-testid="field-chart">
      <figcaption class="h3">Nhiệm vụ theo lĩnh vực</figcaption>
      {fields.length === 0 ? (
        <Empty>Chưa có số liệu theo lĩnh vực.</Empty>
      ) : (
        <div class="chart-narrow">
        <StackedBars
          rows={fields.map((f) => ({ name: f.label, values: STATUS_ORDER.map((s) => f.by_status[s] ?? 0), href: link(f.field) }))}
          series={STATUS_ORDER.map((s) => ({ name: statusLabel(s), color: STATUS_COLOR[s] }))}
          label={`Số nhiệm vụ theo ${fields.length} lĩnh vực: ${fields.map((f) => `${f.label}: ${fmtNumber(f.total)}`).join('; ')}`}
          fmt={fmtNumber}
        />
        </div>
      )}
      <DataTable
        head={['Lĩnh vực', 'Số nhiệm vụ', 'Quá hạn']}
        rows={fields.map((f) => {
          const to = link(f.field);
          return [to ? <a href={to}>{f.label}</a> : f.label, fmtNumber(f.total), fmtNumber(f.by_status.overdue ?? 0)];
        })}
        testid="field-table"
      />
    </figure>
  );
}

/** The first overdue or at-risk tasks (earliest deadline first) with why. */
function RiskList({ title, status, tasks, total, planId, testid }: { title: string; status: string; tasks: Task[]; total: number; planId?: number; testid: string }) {
  return (
    <section class="card">
      <h2 class="h3">{title}</h2>
      {tasks.length === 0 ? (
        <Empty>Không có nhiệm vụ nào.</Empty>
      ) : (
        <>
          <ul class="task-list" data-testid={testid}>
            {tasks.map((t) => (
              <li key={t.id} class="task-row">
                <div class="task-main">
                  {t.code && <span class="task-code">{t.code}</span>}
                  <a class="task-title" href={href(`/tasks/${t.id}`)}>
                    {t.title}
                  </a>
                  {t.plan_number && <span class="meta"> · {t.plan_number}</span>}
                </div>
                <div class="task-meta">
                  {t.lead && t.lead.length > 0 && <span class="meta">Chủ trì: {t.lead.map((u) => (typeof u === 'string' ? u : u.name)).join('; ')}</span>}
                  {t.schedule?.due && <span class="meta">Hạn: {fmtDate(t.schedule.due)}</span>}
                  {typeof t.percent === 'number' && <span class="meta">đạt {t.percent}%</span>}
                </div>
                <ul class="reasons">
                  {(t.reasons ?? []).map((r, k) => (
                    <li key={k} class="reason">
                      {r}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {total > tasks.length && (
            <p>
              <a href={href(planId ? `/plans/${planId}` : '/plans', planId ? { status } : {})}>Xem tất cả {fmtNumber(total)} nhiệm vụ</a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

const TIMELINESS_LABEL: Record<string, string> = { late: 'Gửi muộn', missing: 'Quá hạn chưa gửi' };

/** Reports of the current period (the last one past its deadline) of every plan in scope. */
function Timeliness({ state }: { state: AsyncState<TimelinessData> }) {
  return (
    <section class="card" data-testid="timeliness-card" data-ready={state.data || state.error ? '' : undefined}>
      <h2 class="h3">Tình hình gửi báo cáo</h2>
      <Async state={state} what="tình hình gửi báo cáo">
        {(t) =>
          t.plans === 0 ? (
            <Empty>Chưa có kỳ báo cáo nào đến hạn.</Empty>
          ) : (
            <>
              <p class="meta">
                Kỳ: {t.periods.slice(0, 3).map((p) => p.code).join('; ')}
                {t.periods.length > 3 ? '…' : ''} — {fmtNumber(t.plans)} kế hoạch, {fmtNumber(t.expected)} báo cáo phải gửi
              </p>
              <div class="stats" data-testid="timeliness">
                <Stat label="Gửi đúng hạn" value={<span data-testid="tl-on_time">{fmtNumber(t.on_time)}</span>} tone="ok" />
                <Stat label="Gửi muộn" value={<span data-testid="tl-late">{fmtNumber(t.late)}</span>} tone="warn" />
                <Stat label="Quá hạn chưa gửi" value={<span data-testid="tl-missing">{fmtNumber(t.missing)}</span>} tone="bad" />
                <Stat label="Chưa đến hạn" value={<span data-testid="tl-pending">{fmtNumber(t.pending)}</span>} />
              </div>
              {t.units.length > 0 && (
                <DataTable
                  head={['Đơn vị', 'Kế hoạch', 'Kỳ', 'Tình trạng']}
                  rows={t.units.slice(0, 20).map((u) => [u.unit, u.plan_number ?? `#${u.plan_id}`, u.period, `${TIMELINESS_LABEL[u.timeliness] ?? u.timeliness} (${u.days_late} ngày)`])}
                  testid="timeliness-units"
                />
              )}
            </>
          )
        }
      </Async>
    </section>
  );
}

function IndicatorBoard({ board, planId }: { board: AsyncState<IndicatorBoardData>; planId?: number }) {
  return (
    <section class="card" data-testid="indicator-card" data-ready={board.data || board.error ? '' : undefined}>
      <h2 class="h3">Bảng chỉ tiêu</h2>
      <Async state={board} what="bảng chỉ tiêu">
        {(b) =>
          b.total === 0 ? (
            <Empty>Chưa có chỉ tiêu.</Empty>
          ) : (
            <>
              <p class="meta" data-testid="indicator-lights">
                Năm {b.year}: <span class="light light-red" aria-hidden="true" /> {fmtNumber(b.lights.red)} chưa đạt, <span class="light light-amber" aria-hidden="true" /> {fmtNumber(b.lights.amber)} cần theo dõi,{' '}
                <span class="light light-green" aria-hidden="true" /> {fmtNumber(b.lights.green)} đạt, <span class="light light-none" aria-hidden="true" /> {fmtNumber(b.lights.none)} chưa đánh giá
              </p>
              <ul class="lights" data-testid="indicator-board">
                {b.items.map((i: Indicator) => (
                  <li key={i.id}>
                    <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" />
                    <a href={href(`/indicators/${i.id}`)}>{i.name}</a>
                    <span class="meta">
                      {' '}
                      — {lightLabel(i.light)}
                      {i.target ? `; mục tiêu ${i.target}${i.target_year ? ` (${i.target_year})` : ''}` : ''}
                      {i.value !== null && i.value !== undefined ? `; đạt ${i.value}` : ''}
                      {i.plan_number ? ` · ${i.plan_number}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
              <p>
                <a href={href('/indicators', planId ? { plan: planId } : {})}>Xem toàn bộ {fmtNumber(b.total)} chỉ tiêu</a>
              </p>
            </>
          )
        }
      </Async>
    </section>
  );
}

/** Share of tasks done and tasks overdue at each of the last twelve month-ends. */
function Trend({ o }: { o: OverviewData }) {
  const trend = o.raw.trend;
  const percent = (r: { share_done: number }) => Math.round(r.share_done * 1000) / 10;
  return (
    <section class="card" data-testid="trend">
      <h2 class="h3">Xu hướng 12 tháng</h2>
      {o.total === 0 ? (
        <Empty>Chưa có nhiệm vụ.</Empty>
      ) : (
        <>
          <Lines
            x={trend.map((r) => `${r.period.slice(5)}/${r.period.slice(2, 4)}`)}
            lines={[
              { name: 'Tỷ lệ hoàn thành (%, trục trái)', color: STATUS_COLOR.done_on_time, values: trend.map(percent), max: 100 },
              { name: 'Số nhiệm vụ quá hạn (trục phải)', color: STATUS_COLOR.overdue, values: trend.map((r) => r.overdue), right: true },
            ]}
            label="Tỷ lệ nhiệm vụ hoàn thành và số nhiệm vụ quá hạn tại cuối mỗi tháng"
            fmt={fmtNumber}
          />
          <DataTable head={['Tháng', 'Hoàn thành', 'Tỷ lệ', 'Quá hạn']} rows={trend.map((r) => [r.period, fmtNumber(r.done), `${fmtNumber(percent(r))}%`, fmtNumber(r.overdue)])} testid="trend-table" />
        </>
      )}
    </section>
  );
}

export function DataTable({ head, rows, testid }: { head: string[]; rows: ComponentChildren[][]; testid?: string }) {
  return (
    <details class="data-table">
      <summary>Xem dạng bảng</summary>
      <TableWrap label={`Bảng số liệu: ${head.join(', ').toLowerCase()}`}>
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
      </TableWrap>
    </details>
  );
}
