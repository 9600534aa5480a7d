// Review.tsx: the aggregator's queue: submitted reports of a period to accept
// or return with a comment, then compile the period and download the
// official DOCX/XLSX.
import { useState } from 'preact/hooks';
import { api, type Report } from '../api';
import { href, replaceQuery, type Route } from '../router';
import { Async, Empty, ErrorNotice, PageTitle, useAsync } from '../ui';
import { fmtDate, fmtDateTime, periodKindLabel, reportStateLabel, viCompare } from '../vn';

export default function ReviewPage({ route }: { route: Route }) {
  const periods = useAsync(() => api.periods(), []);
  const [periodId, setPeriodId] = useState(route.query.get('period') ?? '');
  const reports = useAsync(() => api.reports({ period_id: periodId ? Number(periodId) : undefined }), [periodId]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [comments, setComments] = useState<Record<number, string>>({});

  const act = async (r: Report, action: 'accept' | 'return') => {
    setError(null);
    setNotice('');
    try {
      await api.reportAction(r.id, action, comments[r.id]);
      setNotice(action === 'accept' ? `Đã tiếp nhận báo cáo của ${r.unit_name ?? 'đơn vị'}.` : `Đã trả lại báo cáo của ${r.unit_name ?? 'đơn vị'}.`);
      reports.reload();
    } catch (e) {
      setError(e);
    }
  };
  const compile = async () => {
    setError(null);
    try {
      await api.compile(Number(periodId));
      setNotice('Đã tổng hợp báo cáo của kỳ.');
      reports.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageTitle sub="Xem xét báo cáo các đơn vị gửi, tiếp nhận hoặc trả lại, rồi tổng hợp.">Tiếp nhận báo cáo</PageTitle>
      <div class="toolbar">
        <div class="field field-inline">
          <label for="rv-period">Kỳ báo cáo</label>
          <select
            id="rv-period"
            value={periodId}
            onChange={(e) => {
              setPeriodId(e.currentTarget.value);
              replaceQuery('/review', { period: e.currentTarget.value });
            }}
          >
            <option value="">Tất cả các kỳ</option>
            {(periods.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.label ?? `${periodKindLabel(p.kind)} ${fmtDate(p.start)}`}
              </option>
            ))}
          </select>
        </div>
        {periodId && (
          <div class="actions">
            <button type="button" class="btn" onClick={compile}>
              Tổng hợp kỳ này
            </button>
            <a class="btn btn-ghost" href={api.periodDownloadUrl(Number(periodId), 'docx')} download>
              Tải báo cáo tổng hợp (DOCX)
            </a>
            <a class="btn btn-ghost" href={api.periodDownloadUrl(Number(periodId), 'xlsx')} download>
              Tải biểu số liệu (XLSX)
            </a>
          </div>
        )}
      </div>
      {periods.error ? <ErrorNotice error={periods.error} what="danh sách kỳ báo cáo" /> : null}
      {error !== null && <ErrorNotice error={error} what="thao tác" />}
      {notice && (
        <p class="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <Async state={reports} what="báo cáo của các đơn vị">
        {(list) =>
          list.length === 0 ? (
            <Empty>Chưa có báo cáo nào.</Empty>
          ) : (
            <ul class="cards" data-testid="review-list">
              {[...list]
                .sort((a, b) => Number(b.state === 'submitted') - Number(a.state === 'submitted') || viCompare(a.unit_name, b.unit_name))
                .map((r) => (
                  <li key={r.id} class="card">
                    <p>
                      <a href={href(`/reports/${r.id}`)}>
                        <strong>{r.unit_name ?? `Đơn vị ${r.unit_id}`}</strong> — {r.period_label ?? `báo cáo số ${r.id}`}
                      </a>
                    </p>
                    <p class="meta">
                      {reportStateLabel(r.state)}
                      {r.submitted_at ? ` · gửi lúc ${fmtDateTime(r.submitted_at)}` : ''}
                      {r.due ? ` · hạn ${fmtDate(r.due)}` : ''}
                    </p>
                    {r.state === 'submitted' && (
                      <div class="review-actions">
                        <label for={`cmt-${r.id}`} class="sr-only">
                          Ý kiến khi trả lại báo cáo của {r.unit_name}
                        </label>
                        <input
                          id={`cmt-${r.id}`}
                          placeholder="Ý kiến (bắt buộc khi trả lại)"
                          value={comments[r.id] ?? ''}
                          onInput={(e) => setComments({ ...comments, [r.id]: e.currentTarget.value })}
                        />
                        <button type="button" class="btn btn-primary btn-small" onClick={() => act(r, 'accept')}>
                          Tiếp nhận
                        </button>
                        <button type="button" class="btn btn-danger btn-small" disabled={!(comments[r.id] ?? '').trim()} onClick={() => act(r, 'return')}>
                          Trả lại
                        </button>
                      </div>
                    )}
                  </li>
                ))}
            </ul>
          )
        }
      </Async>
    </section>
  );
}
