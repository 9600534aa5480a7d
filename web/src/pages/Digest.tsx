// Digest.tsx: the difficulties and proposals that recur across the units'
// reports of a plan, grouped by the server (similar wording counts as one),
// most frequent first, with who raised them.
import { api, type DigestGroup } from '../api';
import { PlanSelect, usePlanChoice } from '../planpicker';
import type { Route } from '../router';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { fmtNumber } from '../vn';

export default function DigestPage({ route }: { route: Route }) {
  const { plans, planId } = usePlanChoice(route);
  const period = Number(route.query.get('period') ?? 0);
  const digest = useAsync(
    () => (planId ? api.digest(planId, period || undefined) : Promise.resolve({ difficulties: [], proposals: [] })),
    [planId, period],
  );
  return (
    <section>
      <PageTitle sub="Những khó khăn, vướng mắc và kiến nghị được nêu nhiều lần trong báo cáo của các đơn vị.">Khó khăn, vướng mắc</PageTitle>
      <Async state={plans} what="danh sách kế hoạch">
        {(list) => (
          <div class="toolbar">
            <PlanSelect route={route} plans={list} planId={planId} />
          </div>
        )}
      </Async>
      <Async state={digest} what="tổng hợp khó khăn, vướng mắc">
        {(d) => (
          <div class="grid2">
            <Groups title="Khó khăn, vướng mắc" groups={d.difficulties ?? []} />
            <Groups title="Kiến nghị, đề xuất" groups={d.proposals ?? []} />
          </div>
        )}
      </Async>
    </section>
  );
}

function Groups({ title, groups }: { title: string; groups: DigestGroup[] }) {
  return (
    <section class="card">
      <h2 class="h3">{title}</h2>
      {groups.length === 0 ? (
        <Empty>Chưa có nội dung nào trong các báo cáo đã gửi.</Empty>
      ) : (
        <ol class="digest">
          {groups.map((g, k) => (
            <li key={k}>
              <p>
                <strong>{g.text}</strong>
              </p>
              <p class="meta">
                Được nêu {fmtNumber(g.count)} lần
                {g.unit_names && g.unit_names.length > 0 ? ` · ${g.unit_names.join('; ')}` : g.units ? ` · ${g.units.length} đơn vị` : ''}
              </p>
              {g.examples && g.examples.length > 0 && (
                <ul class="meta">
                  {g.examples.map((x, j) => (
                    <li key={j}>{x}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
