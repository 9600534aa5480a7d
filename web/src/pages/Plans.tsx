// Plans.tsx: the list of plans, newest first then in Vietnamese title order
// (planOrder), filterable by an accent-insensitive search over number, title
// and issuer.
import { useMemo, useState } from 'preact/hooks';
import { api, type PlanSummary } from '../api';
import { href } from '../router';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { planOrder } from '../planpicker';
import { fmtDate, foldMatch } from '../vn';

export function PlansPage() {
  const plans = useAsync(() => api.plans(), []);
  const [q, setQ] = useState('');
  return (
    <section>
      <PageTitle sub="Chương trình, kế hoạch hành động thực hiện Nghị quyết 57-NQ/TW ở các cấp.">Kế hoạch</PageTitle>
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">Tìm kế hoạch</span>
          <input type="search" placeholder="Tìm theo số hiệu, tên, cơ quan ban hành…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
      </div>
      <Async state={plans} what="danh sách kế hoạch">
        {(list) => {
          const shown = list.filter((p) => foldMatch(`${p.number ?? ''} ${p.title} ${p.issuer ?? ''} ${p.kind ?? ''}`, q));
          return (
            <>
              {/* A status region, so a screen reader announces how many plans the search left. */}
              <p class="meta" role="status" data-testid="plan-count">
                {q.trim() ? `Tìm thấy ${shown.length} kế hoạch` : `${shown.length} kế hoạch`}
              </p>
              <PlanList plans={shown} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function PlanList({ plans }: { plans: PlanSummary[] }) {
  const sorted = useMemo(() => planOrder(plans), [plans]);
  if (sorted.length === 0) return <Empty>Chưa có kế hoạch nào phù hợp.</Empty>;
  return (
    <ul class="cards plan-list" data-testid="plan-list">
      {sorted.map((p) => (
        <li key={p.id} class="card plan-card">
          <a class="plan-link" href={href(`/plans/${p.id}`)}>
            <span class="plan-number">
              {p.kind ?? 'Kế hoạch'} {p.number ?? '(chưa có số)'}
            </span>
            <span class="plan-title">{p.title}</span>
          </a>
          <p class="meta">
            {p.issuer ?? 'Chưa rõ cơ quan ban hành'}
            {p.date ? ` · ngày ${fmtDate(p.date)}` : ''}
            {typeof p.task_count === 'number' ? ` · ${p.task_count} nhiệm vụ` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}
