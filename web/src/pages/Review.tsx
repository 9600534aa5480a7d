// Review.tsx: the aggregator's queue for a plan's period: every expected
// report with its timeliness; submitted ones to accept or return with a
// comment; then compile the period and download the official DOCX/XLSX.
import { useState } from 'preact/hooks';
import { api, type ReportStatus } from '../api';
import { PeriodSelect, PlanSelect, defaultPeriod, usePlanChoice } from '../planpicker';
import { href, type Route } from '../router';
import { Async, Empty, ErrorNotice, PageTitle, Stat, useAsync } from '../ui';
import { fmtDate, fmtDateTime, fmtNumber, reportStateLabel, todayIso, viCompare } from '../vn';

export default function ReviewPage({ route }: { route: Route }) {
  const { plans, planId } = usePlanChoice(route);
  const periods = useAsync(() => (planId ? api.periods(planId) : Promise.resolve([])), [planId]);
  const asked = Number(route.query.get('period') ?? 0);
  const period = periods.data?.find((p) => p.id === asked) ?? defaultPeriod(periods.data ?? [], todayIso());
  const reports = useAsync(() => (period ? api.periodReports(period.id) : Promise.resolve([] as ReportStatus[])), [period?.id]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [comments, setComments] = useState<Record<number, string>>({});

  const act = async (r: ReportStatus, action: 'accept' | 'return') => {
    if (!r.report_id) return;
    setError(null);
    setNotice('');
    try {
      await api.reportAction(r.report_id, action, action === 'return' ? comments[r.report_id] : undefined);
      setNotice(action === 'accept' ? `Đã tiếp nhận báo cáo của ${r.unit}.` : `Đã trả lại báo cáo của ${r.unit}.`);
      reports.reload();
    } catch (e) {
      setError(e);
    }
  };
  const compile = async () => {
    if (!period) return;
    setError(null);
    try {
      await api.compile(period.id);
      setNotice('Đã tổng hợp báo cáo của kỳ; có thể tải báo cáo tổng hợp.');
    } catch (e) {
      setError(e);
    }
  };
  const count = (t: string) => (reports.data ?? []).filter((r) => r.timeliness === t).length;

  return (
    <section>
      <PageTitle sub="Xem xét báo cáo các đơn vị gửi, tiếp nhận hoặc trả lại, rồi tổng hợp.">Tiếp nhận báo cáo</PageTitle>
      <Async state={plans} what="danh sách kế hoạch">
        {(list) => (
          <div class="toolbar">
            <PlanSelect route={route} plans={list} planId={planId} />
            {periods.data && periods.data.length > 0 && <PeriodSelect route={route} periods={periods.data} periodId={period?.id} planId={planId} />}
          </div>
        )}
      </Async>
      {error !== null && <ErrorNotice error={error} what="thao tác" doing />}
      {notice && (
        <p class="notice notice-ok" role="status">
          {notice}
        </p>
      )}
      <Async state={periods} what="các kỳ báo cáo">
        {(list) =>
          list.length === 0 ? (
            <Empty>Kế hoạch này chưa có kỳ báo cáo.</Empty>
          ) : (
            <Async state={reports} what="báo cáo của các đơn vị">
              {(rows) => (
                <>
                  <div class="stats">
                    <Stat label="Gửi đúng hạn" value={fmtNumber(count('on_time'))} tone="ok" />
                    <Stat label="Gửi muộn" value={fmtNumber(count('late'))} tone="warn" />
                    <Stat label="Quá hạn chưa gửi" value={fmtNumber(count('missing'))} tone="bad" />
                    <Stat label="Chưa đến hạn" value={fmtNumber(count('pending'))} />
                  </div>
                  <div class="actions">
                    <button type="button" class="btn" onClick={compile}>
                      Tổng hợp kỳ này
                    </button>
                    {period && (
                      <>
                        <a class="btn btn-ghost" href={api.documentUrl(period.id, 'docx')} download data-testid="period-docx">
                          Tải báo cáo tổng hợp (DOCX)
                        </a>
                        <a class="btn btn-ghost" href={api.documentUrl(period.id, 'xlsx')} download>
                          Tải biểu số liệu (XLSX)
                        </a>
                      </>
                    )}
                  </div>
                  {rows.length === 0 ? (
                    <Empty>Kỳ này không có đơn vị nào phải báo cáo.</Empty>
                  ) : (
                    <ul class="cards" data-testid="review-list">
                      {[...rows]
                        .sort((a, b) => Number(b.state === 'submitted') - Number(a.state === 'submitted') || viCompare(a.unit, b.unit))
                        .map((r) => (
                          <li key={r.unit_id} class="card">
                            <p>
                              {r.report_id ? (
                                <a href={href(`/reports/${r.report_id}`)}>
                                  <strong>{r.unit}</strong>
                                </a>
                              ) : (
                                <strong>{r.unit}</strong>
                              )}
                            </p>
                            <p class="meta">
                              {r.state_label ?? reportStateLabel(r.state)} · {r.timeliness_label ?? reportStateLabel(r.timeliness)}
                              {r.days_late ? ` (muộn ${r.days_late} ngày)` : ''}
                              {r.submitted_at ? ` · gửi lúc ${fmtDateTime(r.submitted_at)}` : ''}
                              {r.due_date ? ` · hạn ${fmtDate(r.due_date)}` : ''}
                            </p>
                            {r.state === 'submitted' && r.report_id && (
                              <div class="review-actions">
                                <label for={`cmt-${r.report_id}`} class="sr-only">
                                  Ý kiến khi trả lại báo cáo của {r.unit}
                                </label>
                                <input
                                  id={`cmt-${r.report_id}`}
                                  placeholder="Ý kiến (bắt buộc khi trả lại)"
                                  value={comments[r.report_id] ?? ''}
                                  onInput={(e) => setComments({ ...comments, [r.report_id!]: e.currentTarget.value })}
                                />
                                {/* One card per unit: the names say whose report, as in a list of buttons a screen reader reads. */}
                                <button type="button" class="btn btn-primary btn-small" aria-label={`Tiếp nhận báo cáo của ${r.unit}`} onClick={() => act(r, 'accept')}>
                                  Tiếp nhận
                                </button>
                                <button
                                  type="button"
                                  class="btn btn-danger btn-small"
                                  aria-label={`Trả lại báo cáo của ${r.unit}`}
                                  disabled={!(comments[r.report_id] ?? '').trim()}
                                  onClick={() => act(r, 'return')}
                                >
                                  Trả lại
                                </button>
                              </div>
                            )}
                          </li>
                        ))}
                    </ul>
                  )}
                </>
              )}
            </Async>
          )
        }
      </Async>
    </section>
  );
}
