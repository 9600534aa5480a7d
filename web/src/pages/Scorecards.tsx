// Scorecards.tsx: the yearly evaluation of agencies: score, class and rank
// from task completion and report timeliness, as the server computes them,
// for every plan or one plan.
import { useMemo } from 'preact/hooks';
import { api, type ScoreRow } from '../api';
import { EChart, type ChartOption } from '../charts';
import { planLabel } from '../planpicker';
import { replaceQuery, type Route } from '../router';
import { Async, Empty, PageTitle, TableWrap, useAsync } from '../ui';
import { fmtNumber, viCompare } from '../vn';

const COMPONENT_LABEL: Record<string, string> = {
  tasks: 'Nhiệm vụ',
  on_time: 'Đúng hạn',
  reports: 'Báo cáo',
  timeliness: 'Báo cáo đúng hạn',
  indicators: 'Chỉ tiêu',
  progress: 'Tiến độ',
};

export default function ScorecardsPage({ route }: { route: Route }) {
  const thisYear = new Date().getFullYear();
  const year = Number(route.query.get('year') ?? thisYear);
  const plans = useAsync(() => api.plans(), []);
  const plan = Number(route.query.get('plan') ?? 0) || plans.data?.[0]?.id || 0;
  const cards = useAsync(() => (plan ? api.scorecards(plan, year) : Promise.resolve({ year, units: [] })), [year, plan]);
  const go = (q: Record<string, string | number>) => {
    replaceQuery('/scorecards', { year, plan, ...q } as Record<string, string | number>);
    dispatchEvent(new HashChangeEvent('hashchange'));
  };
  return (
    <section>
      <PageTitle sub="Đánh giá, xếp hạng cơ quan, đơn vị theo kết quả thực hiện nhiệm vụ và chế độ báo cáo.">Xếp hạng đơn vị</PageTitle>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="sc-year">Năm đánh giá</label>
          <select id="sc-year" value={year} onChange={(e) => go({ year: e.currentTarget.value })}>
            {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div class="field field-inline">
          <label for="sc-plan">Kế hoạch</label>
          <select id="sc-plan" value={plan || ''} onChange={(e) => go({ plan: e.currentTarget.value })}>
            {(plans.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {planLabel(p)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async state={cards} what="bảng xếp hạng">
        {(c) => <Table rows={c.units ?? []} />}
      </Async>
    </section>
  );
}

function Table({ rows }: { rows: ScoreRow[] }) {
  const sorted = [...rows].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || b.score - a.score || viCompare(a.unit, b.unit));
  const top = sorted.slice(0, 15);
  const components = [...new Set(rows.flatMap((r) => Object.keys(r.components ?? {})))];
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: top.map((r) => r.unit).reverse(), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map((r) => r.score).reverse(), itemStyle: { color: '#1d4ed8' } }],
    }),
    [rows],
  );
  if (rows.length === 0) return <Empty>Chưa có số liệu để xếp hạng.</Empty>;
  return (
    <>
      <figure class="card">
        <figcaption class="h3">Điểm của các đơn vị dẫn đầu</figcaption>
        <EChart
          option={option}
          label={`Điểm đánh giá của ${top.length} đơn vị dẫn đầu: ${top
            .slice(0, 3)
            .map((r) => `${r.unit} ${fmtNumber(r.score)} điểm`)
            .join('; ')}${top.length > 3 ? '…' : ''}. Bảng xếp hạng đầy đủ ở dưới.`}
          tall
        />
      </figure>
      <TableWrap label="Bảng xếp hạng đơn vị" extraClass="card">
        <table data-testid="scorecards">
          <thead>
            <tr>
              <th scope="col">Hạng</th>
              <th scope="col">Cơ quan, đơn vị</th>
              <th scope="col">Điểm</th>
              <th scope="col">Xếp loại</th>
              {components.map((c) => (
                <th scope="col" key={c}>
                  {COMPONENT_LABEL[c] ?? c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((r, k) => (
              <tr key={r.unit_id}>
                <td>{r.rank ?? k + 1}</td>
                <th scope="row">{r.unit}</th>
                <td>{fmtNumber(r.score)}</td>
                <td>{r.class_label ?? r.class ?? '—'}</td>
                {components.map((c) => (
                  <td key={c}>{fmtNumber(r.components?.[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
