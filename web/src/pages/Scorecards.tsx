// Scorecards.tsx: the yearly evaluation of agencies: score and ranking from
// task completion and report timeliness, as the server computes them.
import { useMemo, useState } from 'preact/hooks';
import { api, type ScoreRow } from '../api';
import { EChart, type ChartOption } from '../charts';
import { replaceQuery, type Route } from '../router';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { fmtNumber, viCompare } from '../vn';

export default function ScorecardsPage({ route }: { route: Route }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(Number(route.query.get('year') ?? thisYear));
  const rows = useAsync(() => api.scorecards({ year }), [year]);
  return (
    <section>
      <PageTitle sub="Đánh giá, xếp hạng cơ quan, đơn vị theo kết quả thực hiện nhiệm vụ và chế độ báo cáo.">Xếp hạng đơn vị</PageTitle>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="sc-year">Năm đánh giá</label>
          <select
            id="sc-year"
            value={year}
            onChange={(e) => {
              setYear(Number(e.currentTarget.value));
              replaceQuery('/scorecards', { year: e.currentTarget.value });
            }}
          >
            {[thisYear, thisYear - 1, thisYear - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      <Async state={rows} what="bảng xếp hạng">
        {(list) => <Table rows={list} />}
      </Async>
    </section>
  );
}

function Table({ rows }: { rows: ScoreRow[] }) {
  const sorted = [...rows].sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || b.score - a.score || viCompare(a.unit_name, b.unit_name));
  const top = sorted.slice(0, 15);
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: top.map((r) => r.unit_name).reverse(), axisLabel: { width: 150, overflow: 'truncate' } },
      series: [{ type: 'bar', data: top.map((r) => r.score).reverse(), itemStyle: { color: '#1d4ed8' } }],
    }),
    [rows],
  );
  if (rows.length === 0) return <Empty>Chưa có số liệu để xếp hạng.</Empty>;
  return (
    <>
      <figure class="card">
        <figcaption class="h3">Điểm của các đơn vị dẫn đầu</figcaption>
        <EChart option={option} label="Điểm đánh giá của các đơn vị dẫn đầu" tall />
      </figure>
      <div class="table-wrap card">
        <table>
          <thead>
            <tr>
              <th scope="col">Hạng</th>
              <th scope="col">Cơ quan, đơn vị</th>
              <th scope="col">Điểm</th>
              <th scope="col">Nhiệm vụ</th>
              <th scope="col">Hoàn thành đúng hạn</th>
              <th scope="col">Quá hạn</th>
              <th scope="col">Báo cáo đúng hạn</th>
              <th scope="col">Báo cáo muộn</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((r, k) => (
              <tr key={r.unit_id}>
                <td>{r.rank ?? k + 1}</td>
                <th scope="row">{r.unit_name}</th>
                <td>{fmtNumber(r.score)}</td>
                <td>{fmtNumber(r.tasks)}</td>
                <td>{fmtNumber(r.done_on_time)}</td>
                <td>{fmtNumber(r.overdue)}</td>
                <td>{fmtNumber(r.reports_on_time)}</td>
                <td>{fmtNumber(r.reports_late)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
