// MyWork.tsx: a unit's own work: the reporting periods that are open for it
// and its reports in each state, with a way to start the report of a period.
import { useState } from 'preact/hooks';
import { api, type Period, type Report } from '../api';
import { href, navigate } from '../router';
import { useSession } from '../session';
import { Async, Empty, ErrorNotice, PageTitle, useAsync } from '../ui';
import { fmtDate, periodKindLabel, reportStateLabel } from '../vn';

export default function MyWorkPage() {
  const { user } = useSession();
  const periods = useAsync(() => api.periods(), []);
  const reports = useAsync(() => api.reports(user?.unit_id ? { unit_id: user.unit_id } : {}), [user?.unit_id]);
  const [error, setError] = useState<unknown>(null);
  const open = async (p: Period) => {
    setError(null);
    try {
      const r = await api.openReport(p.id, user?.unit_id ?? undefined);
      navigate(`/reports/${r.id}`);
    } catch (e) {
      setError(e);
    }
  };
  const reportOf = (p: Period): Report | undefined => reports.data?.find((r) => r.period_id === p.id);
  return (
    <section>
      <PageTitle sub={user?.unit_name ? `Đơn vị: ${user.unit_name}` : 'Báo cáo định kỳ của đơn vị.'}>Việc của tôi</PageTitle>
      {error !== null && <ErrorNotice error={error} what="báo cáo" />}
      <h2>Kỳ báo cáo</h2>
      <Async state={periods} what="danh sách kỳ báo cáo">
        {(list) =>
          list.length === 0 ? (
            <Empty>Chưa có kỳ báo cáo nào.</Empty>
          ) : (
            <div class="table-wrap">
              <table data-testid="periods">
                <thead>
                  <tr>
                    <th scope="col">Kỳ</th>
                    <th scope="col">Thời gian</th>
                    <th scope="col">Hạn gửi</th>
                    <th scope="col">Báo cáo của đơn vị</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((p) => {
                    const r = reportOf(p);
                    return (
                      <tr key={p.id}>
                        <th scope="row">{p.label ?? `${periodKindLabel(p.kind)} ${fmtDate(p.start)}`}</th>
                        <td>
                          {fmtDate(p.start)} – {fmtDate(p.end)}
                        </td>
                        <td>{fmtDate(p.due)}</td>
                        <td>
                          {r ? (
                            <a href={href(`/reports/${r.id}`)}>{reportStateLabel(r.state)}</a>
                          ) : (
                            <button type="button" class="btn btn-small btn-primary" onClick={() => open(p)}>
                              Lập báo cáo
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
      <h2>Báo cáo đã lập</h2>
      <Async state={reports} what="báo cáo của đơn vị">
        {(list) =>
          list.length === 0 ? (
            <Empty>Đơn vị chưa lập báo cáo nào.</Empty>
          ) : (
            <ul class="cards">
              {list.map((r) => (
                <li key={r.id} class="card">
                  <a href={href(`/reports/${r.id}`)}>{r.period_label ?? `Báo cáo số ${r.id}`}</a>
                  <p class="meta">
                    {reportStateLabel(r.state)}
                    {r.due ? ` · hạn ${fmtDate(r.due)}` : ''}
                    {r.comment ? ` · Ý kiến: ${r.comment}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}
