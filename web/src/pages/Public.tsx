// Public.tsx: the public page (no login): only what the server marks as
// published — plans, task counts by status and indicator values.
import { api, countPairs } from '../api';
import { Async, Empty, PageTitle, useAsync } from '../ui';
import { fmtDate, fmtDateTime, fmtNumber, lightLabel, statusLabel, STATUS_ORDER } from '../vn';
import { targetsText } from './Indicators';

export default function PublicPage() {
  const figures = useAsync(() => api.publicFigures(), []);
  return (
    <section>
      <PageTitle sub="Số liệu đã được cơ quan có thẩm quyền công bố.">Kết quả thực hiện Nghị quyết 57-NQ/TW</PageTitle>
      <Async state={figures} what="số liệu công khai">
        {(f) => {
          const status = countPairs(f.by_status, 'status').sort(
            ([a], [b]) => (STATUS_ORDER as readonly string[]).indexOf(a) - (STATUS_ORDER as readonly string[]).indexOf(b),
          );
          return (
            <>
              {f.generated_at && <p class="meta">Cập nhật lúc {fmtDateTime(f.generated_at)}</p>}
              <h2>Kế hoạch đã công bố</h2>
              {(f.plans ?? []).length === 0 ? (
                <Empty>Chưa có kế hoạch nào được công bố.</Empty>
              ) : (
                <ul class="cards" data-testid="public-plans">
                  {(f.plans ?? []).map((p) => (
                    <li key={p.id} class="card">
                      <strong>
                        {p.kind ?? 'Kế hoạch'} {p.number}
                      </strong>{' '}
                      — {p.title}
                      <p class="meta">
                        {p.issuer}
                        {p.date ? ` · ngày ${fmtDate(p.date)}` : ''}
                        {typeof p.task_count === 'number' ? ` · ${p.task_count} nhiệm vụ` : ''}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
              {status.length > 0 && (
                <>
                  <h2>Tình hình thực hiện nhiệm vụ</h2>
                  <div class="stats">
                    {status.map(([k, n]) => (
                      <div class="stat" key={k}>
                        <span class="stat-value">{fmtNumber(n)}</span>
                        <span class="stat-label">{statusLabel(k)}</span>
                      </div>
                    ))}
                  </div>
                </>
              )}
              {(f.indicators ?? []).length > 0 && (
                <>
                  <h2>Chỉ tiêu</h2>
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
                        {(f.indicators ?? []).map((i) => (
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
                </>
              )}
            </>
          );
        }}
      </Async>
    </section>
  );
}
