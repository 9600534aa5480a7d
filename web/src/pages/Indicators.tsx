// Indicators.tsx: the indicator board: every target grouped as the plan
// groups it, with its latest value against the target and a traffic light.
import { useState } from 'preact/hooks';
import { api, type Indicator } from '../api';
import { href, type Route } from '../router';
import { Async, Empty, PageTitle, TableWrap, useAsync } from '../ui';
import { foldMatch, lightLabel, viCompare } from '../vn';

export function targetsText(t?: Record<string, string>): string {
  if (!t) return '—';
  return Object.entries(t)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([y, v]) => `${y}: ${v === 'yes' ? 'Có' : v.replace('>=', '≥ ').replace('<=', '≤ ')}`)
    .join('; ');
}

export default function IndicatorsPage({ route }: { route: Route }) {
  const planId = route.query.get('plan');
  const inds = useAsync(() => api.indicators(planId ? Number(planId) : undefined), [planId]);
  const [q, setQ] = useState('');
  return (
    <section>
      <PageTitle sub="Chỉ tiêu, mục tiêu cụ thể của các kế hoạch và mức độ đạt được.">Chỉ tiêu</PageTitle>
      <div class="toolbar">
        <label class="search">
          <span class="sr-only">Tìm chỉ tiêu</span>
          <input type="search" placeholder="Tìm chỉ tiêu…" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </label>
        <span class="legend-lights" aria-hidden="true">
          <span class="light light-green" /> Đạt <span class="light light-amber" /> Cần theo dõi <span class="light light-red" /> Chưa đạt{' '}
          <span class="light light-none" /> Chưa có số liệu
        </span>
      </div>
      <Async state={inds} what="danh sách chỉ tiêu">
        {(list) => <Groups list={list.filter((i) => foldMatch(`${i.code ?? ''} ${i.name} ${i.group ?? ''}`, q))} />}
      </Async>
    </section>
  );
}

function Groups({ list }: { list: Indicator[] }) {
  if (list.length === 0) return <Empty>Chưa có chỉ tiêu phù hợp.</Empty>;
  const groups = new Map<string, Indicator[]>();
  for (const i of list) {
    const g = i.group ?? 'Chỉ tiêu chung';
    groups.set(g, [...(groups.get(g) ?? []), i]);
  }
  return (
    <>
      {[...groups].map(([g, items]) => (
        <section key={g} class="card">
          <h2 class="h3">{g}</h2>
          <TableWrap label={`Bảng chỉ tiêu: ${g}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">Chỉ tiêu</th>
                  <th scope="col">Mục tiêu</th>
                  <th scope="col">Giá trị mới nhất</th>
                  <th scope="col">Đánh giá</th>
                </tr>
              </thead>
              <tbody>
                {items
                  .sort((a, b) => viCompare(a.code ?? '', b.code ?? ''))
                  .map((i) => (
                    <tr key={i.id}>
                      <th scope="row">
                        <a href={href(`/indicators/${i.id}`, { plan: i.plan_id })}>
                          {i.code ? `${i.code}. ` : ''}
                          {i.name}
                        </a>
                      </th>
                      <td>
                        {targetsText(i.targets)} {i.unit && i.unit !== '%' ? `(${i.unit})` : i.unit === '%' ? '(%)' : ''}
                      </td>
                      <td>{i.value ?? '—'}</td>
                      <td>
                        <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" /> {lightLabel(i.light)}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
    </>
  );
}
