// overview.ts: the dashboard's counts for the caller's scope, or one plan of
// it, in one request (GET /api/overview): the server keeps what the caller
// may read and computes every figure by nq57's status rules.
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
