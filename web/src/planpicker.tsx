// planpicker.tsx: the plan (and period) selectors that the reporting,
// review, scorecard and digest pages share. The choice lives in the
// address ("?plan=2&period=7") so a reload keeps it.
import { api, type Period, type PlanSummary } from './api';
import { replaceQuery, type Route } from './router';
import { useAsync, type AsyncState } from './ui';
import { fmtDate, periodKindLabel, viCompare } from './vn';

export function planLabel(p: PlanSummary): string {
  return `${p.number ?? 'Kế hoạch'} — ${p.title.length > 70 ? `${p.title.slice(0, 70)}…` : p.title}`;
}

export function periodLabel(p: Period): string {
  return p.title ?? `${periodKindLabel(p.kind)} ${p.code ?? ''} (${fmtDate(p.start_date)} – ${fmtDate(p.end_date)})`;
}

/** Plans as every list of them shows them: the newest first, then by title
 *  in Vietnamese alphabetical order. */
export function planOrder(plans: readonly PlanSummary[]): PlanSummary[] {
  return [...plans].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || viCompare(a.title, b.title));
}

/** The plans, and the chosen one (the first when none is chosen). */
export function usePlanChoice(route: Route): { plans: AsyncState<PlanSummary[]>; planId: number | undefined } {
  const plans = useAsync(() => api.plans(), []);
  const asked = Number(route.query.get('plan') ?? 0);
  const planId = asked || plans.data?.[0]?.id;
  return { plans, planId };
}

export function PlanSelect({ route, plans, planId, extra = {} }: { route: Route; plans: PlanSummary[]; planId?: number; extra?: Record<string, string> }) {
  return (
    <div class="field field-inline">
      <label for="pick-plan">Kế hoạch</label>
      <select id="pick-plan" value={planId ?? ''} onChange={(e) => replaceAndGo(route, { ...extra, plan: e.currentTarget.value })}>
        {planOrder(plans).map((p) => (
          <option key={p.id} value={p.id}>
            {planLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PeriodSelect({ route, periods, periodId, planId }: { route: Route; periods: Period[]; periodId?: number; planId?: number }) {
  return (
    <div class="field field-inline">
      <label for="pick-period">Kỳ báo cáo</label>
      <select id="pick-period" value={periodId ?? ''} onChange={(e) => replaceAndGo(route, { plan: String(planId ?? ''), period: e.currentTarget.value })}>
        {periods.map((p) => (
          <option key={p.id} value={p.id}>
            {periodLabel(p)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Change the query and let the page re-read it (hash routing re-renders on hashchange). */
function replaceAndGo(route: Route, query: Record<string, string>) {
  replaceQuery(route.path, query);
  dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The period to show by default: the latest whose deadline has passed, else the first. */
export function defaultPeriod(periods: Period[], today: string): Period | undefined {
  const past = periods.filter((p) => (p.due_date ?? '') <= today);
  return past[past.length - 1] ?? periods[0];
}
