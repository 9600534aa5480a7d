// overview.ts: loads the dashboard counts for a scope. The server's
// /api/overview answers for the user's whole scope; where a server only has
// the per-plan overview, the counts of every plan are added up here (still
// the server's figures, never estimates).
import { api, ApiError, countPairs, type CountRow, type Overview } from './api';

export interface OverviewData {
  raw: Overview;
  total: number;
  byStatus: [string, number][];
  byAgency: { name: string; total: number; byStatus: Record<string, number> }[];
  byField: [string, number][];
  source: 'scope' | 'plan' | 'plans';
}

function agencyRows(raw: Overview['by_agency']): OverviewData['byAgency'] {
  if (!raw) return [];
  if (Array.isArray(raw)) {
    return raw.map((r: CountRow) => {
      const byStatus = (r.by_status && typeof r.by_status === 'object' ? r.by_status : {}) as Record<string, number>;
      const total = typeof r.count === 'number' ? r.count : typeof r.total === 'number' ? (r.total as number) : Object.values(byStatus).reduce((a, b) => a + b, 0);
      return { name: String(r.name ?? r.unit_name ?? r.key ?? ''), total, byStatus };
    });
  }
  return Object.entries(raw).map(([name, v]) =>
    typeof v === 'number' ? { name, total: v, byStatus: {} } : { name, total: Object.values(v).reduce((a, b) => a + b, 0), byStatus: v },
  );
}

export function normalise(raw: Overview, source: OverviewData['source']): OverviewData {
  const byStatus = countPairs(raw.by_status, 'status');
  const total = typeof raw.total === 'number' ? raw.total : byStatus.reduce((a, [, n]) => a + n, 0);
  return { raw, total, byStatus, byAgency: agencyRows(raw.by_lead ?? raw.by_agency), byField: countPairs(raw.by_field as never), source };
}

function merge(parts: OverviewData[]): OverviewData {
  const status = new Map<string, number>();
  const field = new Map<string, number>();
  const agency = new Map<string, { name: string; total: number; byStatus: Record<string, number> }>();
  let total = 0;
  for (const p of parts) {
    total += p.total;
    for (const [k, n] of p.byStatus) status.set(k, (status.get(k) ?? 0) + n);
    for (const [k, n] of p.byField) field.set(k, (field.get(k) ?? 0) + n);
    for (const a of p.byAgency) {
      const cur = agency.get(a.name) ?? { name: a.name, total: 0, byStatus: {} };
      cur.total += a.total;
      for (const [k, n] of Object.entries(a.byStatus)) cur.byStatus[k] = (cur.byStatus[k] ?? 0) + n;
      agency.set(a.name, cur);
    }
  }
  return { raw: {}, total, byStatus: [...status], byAgency: [...agency.values()], byField: [...field], source: 'plans' };
}

export async function loadOverview(planId?: number): Promise<OverviewData> {
  if (planId) return normalise(await api.planOverview(planId), 'plan');
  try {
    return normalise(await api.overview(), 'scope');
  } catch (e) {
    if (!(e instanceof ApiError && e.notAvailable)) throw e;
  }
  const plans = await api.plans();
  const parts = await Promise.all(plans.map(async (p) => normalise(await api.planOverview(p.id), 'plan')));
  return merge(parts);
}
