// overview.ts: the dashboard's counts for the caller's scope, or one plan of
// it, in one request (GET /api/overview): the server keeps what the caller
// may read and computes every figure by nq57's status rules. Also the
// dashboard's other questions, so main.tsx can ask them all at boot.
import { api, type Overview, type StatusCounts } from './api';

export interface AgencyRow {
  unitId: number | null;
  name: string;
  total: number;
  byStatus: StatusCounts;
}

export interface OverviewData {
  raw: Overview;
  total: number;
  byStatus: [string, number][];
  /** The named lead agencies, largest first. */
  byAgency: AgencyRow[];
  /** The rest added up (how many agencies, how many tasks), when there are more. */
  others: { units: number; total: number } | null;
}

export function normalise(raw: Overview): OverviewData {
  const rows = raw.by_lead.map((r) => ({ unitId: r.unit_id, name: r.name, total: r.total, byStatus: r.by_status }));
  const rest = raw.by_lead.find((r) => r.unit_id === null);
  return {
    raw,
    total: raw.total,
    byStatus: Object.entries(raw.by_status),
    byAgency: rows.filter((r) => r.unitId !== null),
    others: rest ? { units: rest.units ?? 0, total: rest.total } : null,
  };
}

export async function loadOverview(planId?: number): Promise<OverviewData> {
  return normalise(await api.overview({ plan: planId }));
}

/** The dashboard's other two cards: timeliness of the current period and
 *  the first page of the indicator board. */
export const loadTimeliness = (planId?: number) => api.timeliness({ plan: planId });
export const loadIndicatorBoard = (planId?: number) => api.indicatorBoard({ plan: planId, limit: 12 });

/** Every question the dashboard asks on opening, the same calls it makes
 *  (main.tsx sends them at boot through api.ts's prefetch); never rejects. */
export function askDashboard(planId?: number): Promise<unknown> {
  return Promise.allSettled([loadOverview(planId), loadTimeliness(planId), loadIndicatorBoard(planId)]);
}
