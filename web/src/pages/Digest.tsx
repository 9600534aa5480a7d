// Digest.tsx: the difficulties and proposals that recur across unit reports,
// grouped by the server, most frequent first, with who raised them.
import { api } from '../api';
import type { Route } from '../router';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { fmtNumber } from '../vn';

export default function DigestPage({ route }: { route: Route }) {
  const period = route.query.get('period');
  const items = useAsync(() => api.digest({ period_id: period ? Number(period) : undefined }), [period]);
  return (
    <section>
      <PageTitle sub="Những khó khăn, vướng mắc và kiến nghị được nêu nhiều lần trong báo cáo của các đơn vị.">Khó khăn, vướng mắc</PageTitle>
      <Async state={items} what="tổng hợp khó khăn, vướng mắc">
        {(list) =>
          list.length === 0 ? (
            <Empty>Chưa có khó khăn, vướng mắc nào được báo cáo.</Empty>
          ) : (
            <ol class="digest">
              {[...list]
                .sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
                .map((d, k) => (
                  <li key={k} class="card">
                    <h2 class="h3">{d.theme ?? d.text}</h2>
                    {d.theme && <p>{d.text}</p>}
                    <p class="meta">
                      Được nêu {fmtNumber(d.count ?? 1)} lần{d.units && d.units.length > 0 ? ` · ${d.units.join('; ')}` : ''}
                    </p>
                    {d.examples && d.examples.length > 0 && (
                      <ul>
                        {d.examples.map((x, j) => (
                          <li key={j}>{x}</li>
                        ))}
                      </ul>
                    )}
                  </li>
                ))}
            </ol>
          )
        }
      </Async>
    </section>
  );
}
