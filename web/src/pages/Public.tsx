// Public.tsx: the public page (no login): only what the server publishes
// at GET /api/public — the public plans, their task counts by status and
// by lead agency, and their indicators with targets and the latest values
// the aggregating body accepted, rolled up across units, with attainment.
import { api, countPairs, type PublicIndicator, type PublicPlan } from '../api';
import { Async, Empty, PageTitle, TableWrap, useAsync } from '../ui';
import { fmtDate, fmtNumber, lightLabel, statusLabel, STATUS_ORDER, viCompare } from '../vn';
import { targetsText } from './Indicators';

function byStatusOrder(raw?: Record<string, number>): [string, number][] {
  const order = STATUS_ORDER as readonly string[];
  return countPairs(raw).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
}

/** ">=80" as printed: "≥ 80"; "yes": "Có". */
function targetText(target: string): string {
  return target === 'yes' ? 'Có' : target.replace('>=', '≥ ').replace('<=', '≤ ');
}

/** "85,5 %" (the roll-up of n units), or a dash before any value was accepted. */
function valueText(i: PublicIndicator): string {
  if (i.value === null || i.value === undefined) return '—';
  const v = typeof i.value === 'number' ? fmtNumber(i.value) : i.value;
  const unit = i.unit && typeof i.value === 'number' ? ` ${i.unit}` : '';
  const from = i.units_reported && i.units_reported > 1 ? ` (tổng hợp ${i.units_reported} đơn vị)` : '';
  return `${v}${unit}${from}`;
}

function assessmentText(i: PublicIndicator): string {
  if (i.value === null || i.value === undefined) return 'Chưa có số liệu';
  const assessment = i.assessment ?? lightLabel(i.light);
  // The light says whether the pace is kept when the year is not over yet.
  const light = i.light && i.light !== 'none' && lightLabel(i.light) !== assessment ? ` · ${lightLabel(i.light)}` : '';
  return `${assessment}${light}`;
}

function PlanFigures({ entry }: { entry: PublicPlan }) {
  const { plan, overview, indicators } = entry;
  const status = byStatusOrder(overview.by_status);
  const leads = [...(overview.by_lead ?? [])].sort((a, b) => b.total - a.total || viCompare(a.name, b.name));
  return (
    <li class="card">
      <h3>
        {plan.kind ?? 'Kế hoạch'} {plan.number ?? ''} — {plan.title}
      </h3>
      <p class="meta">
        {plan.issuer}
        {plan.date ? ` · ngày ${fmtDate(plan.date)}` : ''}
        {` · ${fmtNumber(overview.total ?? plan.task_count ?? 0)} nhiệm vụ`}
      </p>
      {status.length > 0 && (
        <div class="stats">
          {status.map(([k, n]) => (
            <div class="stat" key={k}>
              <span class="stat-value">{fmtNumber(n)}</span>
              <span class="stat-label">{statusLabel(k)}</span>
            </div>
          ))}
        </div>
      )}
      {leads.length > 0 && (
        <details>
          <summary>Theo cơ quan chủ trì ({leads.length})</summary>
          <TableWrap label="Số nhiệm vụ theo cơ quan chủ trì">
            <table>
              <thead>
                <tr>
                  <th scope="col">Cơ quan chủ trì</th>
                  <th scope="col">Số nhiệm vụ</th>
                </tr>
              </thead>
              <tbody>
                {leads.map((l) => (
                  <tr key={l.unit_id}>
                    <th scope="row">{l.name}</th>
                    <td>{fmtNumber(l.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </details>
      )}
      {indicators.length > 0 && (
        <TableWrap label="Chỉ tiêu: mục tiêu và kết quả">
          <table data-testid="public-indicators">
            <caption class="meta">Chỉ tiêu: mục tiêu và kết quả đã được tiếp nhận</caption>
            <thead>
              <tr>
                <th scope="col">Chỉ tiêu</th>
                <th scope="col">Mục tiêu</th>
                <th scope="col">Kết quả</th>
                <th scope="col">Đánh giá</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    {i.code ? `${i.code}. ` : ''}
                    {i.name}
                  </th>
                  <td>
                    {i.target ? `${targetText(i.target)}${i.unit && i.target !== 'yes' ? ` ${i.unit}` : ''} (năm ${i.year})` : targetsText(i.targets)}
                  </td>
                  <td data-testid="public-value">{valueText(i)}</td>
                  <td>
                    <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" /> {assessmentText(i)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </li>
  );
}

export default function PublicPage() {
  const figures = useAsync(() => api.publicFigures(), []);
  return (
    <section>
      <PageTitle sub="Số liệu đã được cơ quan có thẩm quyền công bố.">Kết quả thực hiện Nghị quyết 57-NQ/TW</PageTitle>
      <Async state={figures} what="số liệu công khai">
        {(f) => (
          <>
            <p class="meta">Số liệu tính đến ngày {fmtDate(f.date)}</p>
            <h2>Kế hoạch đã công bố</h2>
            {f.plans.length === 0 ? (
              <Empty>Chưa có kế hoạch nào được công bố.</Empty>
            ) : (
              <ul class="cards" data-testid="public-plans">
                {f.plans.map((p) => (
                  <PlanFigures key={p.plan.id} entry={p} />
                ))}
              </ul>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
