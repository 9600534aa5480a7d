// MyWork.tsx: a unit's own work: pick the plan and the period, see whether
// the unit's report is due, started, sent or accepted, and open it. Without
// a login (open mode) the officer picks the unit among those that owe one.
import { useState } from 'preact/hooks';
import { api, type ReportStatus } from '../api';
import { PeriodSelect, PlanSelect, defaultPeriod, periodLabel, usePlanChoice } from '../planpicker';
import { href, navigate, type Route } from '../router';
import { useSession } from '../session';
import { Async, Empty, ErrorNotice, PageTitle, useAsync } from '../ui';
import { fmtDate, reportStateLabel, todayIso, viSortBy } from '../vn';

export default function MyWorkPage({ route }: { route: Route }) {
  const { user } = useSession();
  const { plans, planId } = usePlanChoice(route);
  const periods = useAsync(() => (planId ? api.periods(planId) : Promise.resolve([])), [planId]);
  const asked = Number(route.query.get('period') ?? 0);
  const period = periods.data?.find((p) => p.id === asked) ?? defaultPeriod(periods.data ?? [], todayIso());
  const reports = useAsync(
    () => (period ? api.periodReports(period.id, user?.unit_id ?? undefined) : Promise.resolve([] as ReportStatus[])),
    [period?.id, user?.unit_id],
  );
  const [unitPick, setUnitPick] = useState<number>(0);
  const unitId = user?.unit_id ?? unitPick;
  const mine = reports.data?.find((r) => r.unit_id === unitId);
  const [error, setError] = useState<unknown>(null);

  const open = async () => {
    if (!period || !unitId) return;
    setError(null);
    try {
      const r = await api.openReport(period.id, unitId);
      navigate(`/reports/${r.id}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageTitle sub={user?.unit_name ? `Đơn vị: ${user.unit_name}` : 'Báo cáo định kỳ của đơn vị.'}>Việc của tôi</PageTitle>
      <Async state={plans} what="danh sách kế hoạch">
        {(list) => (
          <div class="toolbar">
            <PlanSelect route={route} plans={list} planId={planId} />
            {periods.data && periods.data.length > 0 && <PeriodSelect route={route} periods={periods.data} periodId={period?.id} planId={planId} />}
          </div>
        )}
      </Async>
      <Async state={periods} what="các kỳ báo cáo">
        {(list) =>
          list.length === 0 ? (
            <Empty>Kế hoạch này chưa có kỳ báo cáo. Cơ quan tổng hợp tạo các kỳ báo cáo theo chế độ báo cáo của kế hoạch.</Empty>
          ) : !period ? null : (
            <section class="card" aria-labelledby="mine-h">
              <h2 id="mine-h" class="h3">
                {periodLabel(period)}
              </h2>
              <p class="meta">
                Hạn gửi: <strong>{fmtDate(period.due_date)}</strong>
                {typeof period.expected === 'number' && ` · ${period.submitted ?? 0}/${period.expected} đơn vị đã gửi`}
              </p>
              <Async state={reports} what="tình hình báo cáo của kỳ">
                {(rows) => (
                  <>
                    {!user?.unit_id && (
                      <div class="field field-inline">
                        <label for="my-unit">Đơn vị báo cáo</label>
                        <select id="my-unit" value={unitPick || ''} onChange={(e) => setUnitPick(Number(e.currentTarget.value))}>
                          <option value="">— Chọn đơn vị —</option>
                          {viSortBy(rows, (r) => r.unit).map((r) => (
                            <option key={r.unit_id} value={r.unit_id}>
                              {r.unit}
                            </option>
                          ))}
                        </select>
                      </div>
                    )}
                    {!unitId && <Empty>Chọn đơn vị báo cáo để xem và lập báo cáo của đơn vị cho kỳ này.</Empty>}
                    {unitId > 0 && !mine && <p>Đơn vị không chủ trì nhiệm vụ nào của kế hoạch này nên không phải báo cáo kỳ này.</p>}
                    {mine && (
                      <p data-testid="my-report">
                        Báo cáo của đơn vị:{' '}
                        <strong>{mine.report_id ? (mine.state_label ?? reportStateLabel(mine.state)) : reportStateLabel('missing')}</strong>
                        {mine.timeliness && ` · ${mine.timeliness_label ?? reportStateLabel(mine.timeliness)}`}
                        {mine.days_late ? ` (muộn ${mine.days_late} ngày)` : ''}{' '}
                        {mine.report_id ? (
                          <a class="btn btn-primary" href={href(`/reports/${mine.report_id}`)}>
                            Mở báo cáo
                          </a>
                        ) : (
                          <button type="button" class="btn btn-primary" onClick={open}>
                            Lập báo cáo
                          </button>
                        )}
                      </p>
                    )}
                  </>
                )}
              </Async>
              {error !== null && <ErrorNotice error={error} what="báo cáo" doing />}
            </section>
          )
        }
      </Async>
    </section>
  );
}
