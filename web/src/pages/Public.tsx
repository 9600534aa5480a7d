// Public.tsx: the public page (no login): only what the server publishes
// at GET /api/public — the public plans, their task counts by status and
// by lead agency, and their indicators with targets.
import { api, countPairs, type PublicPlan } from '../api';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { fmtDate, fmtNumber, lightLabel, statusLabel, STATUS_ORDER } from '../vn';
import { targetsText } from './Indicators';

function byStatusOrder(raw?: Record<string, number>): [string, number][] {
  const order = STATUS_ORDER as readonly string[];
  return countPairs(raw).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
}

function PlanFigures({ entry }: { entry: PublicPlan }) {
  const { plan, overview, indicators } = entry;
  const status = byStatusOrder(overview.by_status);
  const leads = [...(overview.by_lead ?? [])].sort((a, b) => b.total - a.total);
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
          <div class="table-wrap">
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
          </div>
        </details>
      )}
      {indicators.length > 0 && (
        <div class="table-wrap">
          <table>
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
                  <th scope="row">{i.name}</th>
                  <td>{targetsText(i.targets)}</td>
                  <td>
                    {i.value ?? '—'} {i.unit ?? ''}
                  </td>
                  <td>
                    <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" /> {lightLabel(i.light)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
