// api.ts: the typed client of the nq57 HTTP API (docs/api.md, src/http/api_*.c).
// Every call goes through request(), which turns a non-2xx answer into an
// ApiError carrying the HTTP status and the server's Vietnamese message, so
// pages can tell "this feature is not on the server yet" (404 on the route)
// from "you may not see this" (401/403) and from real failures. Nothing here
// invents data: when the server has no answer, the page says so.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  /** The route itself is missing (an endpoint not built yet), not a missing record. */
  get notAvailable(): boolean {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
  get unauthorized(): boolean {
    return this.status === 401;
  }
  /** The server runs without authentication (no auth module, or it is off). */
  get authOff(): boolean {
    return this.notAvailable || (this.status === 503 && this.path.startsWith('/api/auth'));
  }
}

type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Listeners told when any call answers 401, so the shell can show the login page. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(fn: () => void): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** GET answers asked for before the page that reads them exists: the first
 *  screen's questions leave with the session check instead of after it (two
 *  round trips and a render sooner). Each is handed out once, to the first
 *  identical GET within EARLY_TTL_MS; after that the page asks afresh. */
const EARLY_TTL_MS = 10000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
let collecting = false;

/** Run calls (api.* GETs) now and keep their answers for the page that will
 *  make the same calls: prefetch(() => { api.overview(); }). */
export function prefetch(calls: () => void): void {
  collecting = true;
  try {
    calls();
  } finally {
    collecting = false;
  }
}

function takeEarly(path: string): Promise<unknown> | undefined {
  const e = early.get(path);
  if (!e) return undefined;
  early.delete(path);
  return performance.now() - e.at <= EARLY_TTL_MS ? e.answer : undefined;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  init?: RequestInit,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  if (method === 'GET' && body === undefined && !init) {
    if (collecting) {
      const answer = send<T>(method, path);
      answer.catch(() => undefined); // a failure nobody takes is not an unhandled rejection
      early.set(path, { at: performance.now(), answer });
      return answer;
    }
    const kept = takeEarly(path);
    if (kept) return kept as Promise<T>;
  }
  return send<T>(method, path, body, init, extraHeaders);
}

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  init?: RequestInit,
  extraHeaders?: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders };
  let payload: BodyInit | undefined;
  if (body instanceof FormData || body instanceof Blob) {
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  // Cookie-authenticated writes carry the CSRF token (src/auth/session.h):
  // the one login or /api/auth/me gave, else the readable nq57_csrf cookie.
  const csrf = csrfToken ?? /(?:^|;\s*)nq57_csrf=([^;]+)/.exec(document.cookie)?.[1];
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, 'Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại.', path);
  }
  const type = res.headers.get('Content-Type') ?? '';
  const isJson = type.includes('json');
  const data: unknown = isJson ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const obj = (data ?? {}) as { error?: unknown; message?: unknown; code?: unknown };
    // The server answers {"error": "<code>", "message": "<Vietnamese sentence>"}.
    const message = typeof obj.message === 'string' && obj.message ? obj.message : defaultMessage(res.status);
    const code = typeof obj.error === 'string' ? obj.error : typeof obj.code === 'string' ? obj.code : undefined;
    if (res.status === 401) unauthorizedListeners.forEach((fn) => fn());
    throw new ApiError(res.status, message, path, code);
  }
  if (res.status === 204) return undefined as T;
  if (!isJson) {
    // A JSON route answered with HTML: the SPA fallback served index.html,
    // which means the server does not have this endpoint yet.
    throw new ApiError(404, defaultMessage(404), path);
  }
  return data as T;
}

function defaultMessage(status: number): string {
  switch (status) {
    case 400:
      return 'Dữ liệu gửi lên không hợp lệ.';
    case 401:
      return 'Phiên làm việc đã hết hạn hoặc chưa đăng nhập.';
    case 403:
      return 'Bạn không có quyền thực hiện thao tác này.';
    case 404:
      return 'Không tìm thấy.';
    case 409:
      return 'Dữ liệu đã bị thay đổi hoặc bị trùng.';
    case 412:
      return 'Dữ liệu đã được người khác cập nhật; vui lòng tải lại.';
    case 413:
      return 'Tệp quá lớn.';
    case 429:
      return 'Quá nhiều yêu cầu; vui lòng thử lại sau ít phút.';
    default:
      return `Máy chủ gặp lỗi (${status}).`;
  }
}

/** Lists come either as an array or as {items,total,...}; pages want one shape. */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}
function asPage<T>(raw: unknown): Page<T> {
  if (Array.isArray(raw)) return { items: raw as T[], total: raw.length, offset: 0, limit: raw.length };
  const o = (raw ?? {}) as Partial<Page<T>> & Record<string, unknown>;
  const items = (Array.isArray(o.items) ? o.items : []) as T[];
  return { items, total: typeof o.total === 'number' ? o.total : items.length, offset: o.offset ?? 0, limit: o.limit ?? items.length };
}
function asList<T>(raw: unknown, key?: string): T[] {
  if (Array.isArray(raw)) return raw as T[];
  const o = (raw ?? {}) as Record<string, unknown>;
  if (key && Array.isArray(o[key])) return o[key] as T[];
  if (Array.isArray(o.items)) return o.items as T[];
  return [];
}

// ---- shapes ----------------------------------------------------------------

/** An agency as a reference inside a task: a name, or a unit row. */
export type UnitRef = string | { id?: number; name: string; role?: string };
export function unitName(u: UnitRef): string {
  return typeof u === 'string' ? u : u.name;
}

export interface Unit {
  id: number;
  name: string;
  kind?: string;
  parent_id?: number | null;
  level?: string | null;
  aliases?: string[];
  proposed?: boolean;
  status?: string;
  /** For If-Match on PATCH /api/units/:id. */
  version?: number;
}

export interface PlanSummary {
  id: number;
  kind?: string;
  number?: string | null;
  issuer?: string | null;
  place?: string | null;
  date?: string | null;
  title: string;
  task_count?: number;
  indicator_count?: number;
  status?: string;
  published?: boolean;
  parent_id?: number | null;
}

export interface Schedule {
  kind: string;
  start?: string | null;
  due?: string | null;
}

export interface Task {
  id: number;
  plan_id?: number;
  plan_number?: string | null;
  plan_title?: string;
  parent_id?: number | null;
  code?: string;
  title: string;
  section?: string | null;
  field?: string | null;
  lead?: UnitRef[];
  support?: UnitRef[];
  oversight?: UnitRef[];
  timeline?: string | null;
  schedule?: Schedule | null;
  done?: boolean;
  status?: string;
  status_reason?: string | null;
  /** Why the task is overdue or at risk (GET /api/overview). */
  reasons?: string[];
  percent?: number | null;
  version?: number;
  /** The latest progress updates (newest first). */
  progress?: TaskUpdate[];
  updates?: TaskUpdate[];
  evidence?: Evidence[];
  plan?: { id: number; number?: string | null; title?: string };
  parent_task_id?: number | null;
  children?: { id: number; code?: string; title: string; plan_id?: number; status?: string }[];
  parent?: { id: number; code?: string; title: string; plan_id?: number } | null;
}

export interface TaskUpdate {
  id?: number;
  period?: string | null;
  at?: string;
  created_at?: string;
  author?: string;
  unit?: string;
  status?: string;
  percent?: number | null;
  result?: string | null;
  results?: string | null;
  difficulties?: string | null;
  proposals?: string | null;
  evidence?: string | null;
  report_id?: number | null;
}

export interface Evidence {
  id?: number;
  name?: string;
  title?: string;
  url?: string;
  kind?: string;
  created_at?: string;
}

/** A row of the audit log (GET /api/audit). */
export interface AuditEntry {
  id?: number;
  at: string;
  actor_id?: number | null;
  actor_name?: string | null;
  origin?: string | null;
  action: string;
  entity?: string;
  entity_id?: number;
  before?: unknown;
  after?: unknown;
}

/** A cited document number, linked to a plan in the system when there is one. */
export type DocLink = string | { number: string; plan_id?: number | null };
export function docNumber(d: DocLink): string {
  return typeof d === 'string' ? d : d.number;
}

export interface PlanDetail extends PlanSummary {
  implements?: DocLink[];
  references?: DocLink[];
  implemented_by?: { plan_id: number; number?: string | null; title: string }[];
  duties?: { unit_id?: number; unit: string; text: string }[];
  done_count?: number;
  unit_count?: number;
  reporting?: { period: string; due: string }[];
}

export interface Indicator {
  id: number;
  plan_id?: number;
  code?: string;
  group?: string | null;
  name: string;
  unit?: string | null;
  targets?: Record<string, string>;
  value?: number | string | null;
  value_at?: string | null;
  light?: string | null;
  owner?: string | null;
  plan_number?: string | null;
  target?: string | null;
  target_year?: number | null;
  units_reported?: number;
  values?: { period?: string; at?: string; value: number | string; unit_name?: string; note?: string }[];
}

export interface CountRow {
  key?: string;
  name?: string;
  status?: string;
  unit_id?: number;
  count: number;
  [k: string]: unknown;
}

/** Task counts by status ({done_on_time: n, ...}, src/core/status.h). */
export type StatusCounts = Record<string, number>;

/** GET /api/overview (or one plan's, ?plan=): the caller's scope at a date. */
export interface Overview {
  at: string;
  total: number;
  by_status: StatusCounts;
  /** Tasks by lead agency, largest first; the last row (unit_id null) adds up the others. */
  by_lead: { unit_id: number | null; name: string; total: number; by_status: StatusCounts; units?: number }[];
  lead_count: number;
  /** Tasks by field (lĩnh vực), every field in display order. */
  by_field?: { field: string; label: string; total: number; by_status: StatusCounts }[];
  /** The first overdue and at-risk tasks (earliest deadline first), each with its reasons. */
  overdue: Task[];
  at_risk: Task[];
  /** The last 12 month-ends, the last one the date itself. */
  trend: { period: string; at: string; total: number; done: number; overdue: number; share_done: number }[];
}

/** GET /api/timeliness: reports of each plan's current period (the last one past its deadline). */
export interface Timeliness {
  at: string;
  plans: number;
  expected: number;
  on_time: number;
  late: number;
  missing: number;
  pending: number;
  periods: { code: string; plans: number }[];
  /** Late and missing reports, most days late first (capped; units_total counts all). */
  units: { unit_id: number; unit: string; plan_id: number; plan_number?: string | null; period: string; due_date: string; timeliness: string; days_late: number }[];
  units_total: number;
}

/** GET /api/indicators: the indicator board, red first, then amber, green, not evaluable. */
export interface IndicatorBoard {
  year: number;
  total: number;
  offset: number;
  limit: number;
  lights: { red: number; amber: number; green: number; none: number };
  items: Indicator[];
}

export interface User {
  id: number;
  login: string;
  name?: string;
  full_name?: string;
  roles?: string[];
  role?: string;
  unit_id?: number | null;
  unit_name?: string | null;
  csrf?: string;
  actions?: string[];
  scope_all?: boolean;
  plan_ids?: number[];
  disabled?: boolean;
}

/** The identity answer of /api/auth/me and /api/auth/login:
 *  {"user": {...} | null, "role", "via", "csrf_token", "actions"}. */
interface Identity {
  user: (User & { full_name?: string; unit?: string | null }) | null;
  role?: string;
  csrf_token?: string;
  actions?: string[];
}
function identityUser(raw: Identity | User): User | null {
  if (!raw || typeof raw !== 'object') return null;
  if (!('user' in raw)) return raw as User; // a bare user row
  const id = raw as Identity;
  if (!id.user) return null; // anonymous: the "public" role
  return {
    ...id.user,
    name: id.user.name ?? id.user.full_name,
    unit_name: id.user.unit_name ?? id.user.unit ?? null,
    role: id.role ?? id.user.role,
    csrf: id.csrf_token,
    actions: id.actions,
  };
}

/** A reporting period of a plan (src/monitor: nq_monitor_periods_list). */
export interface Period {
  id: number;
  plan_id?: number;
  kind: string;
  code?: string;
  title?: string;
  start_date?: string;
  end_date?: string;
  due_date?: string;
  expected?: number;
  submitted?: number;
  accepted?: number;
}

/** One task of a unit's report, as the unit states it. */
export interface ReportItem {
  task_id: number;
  code?: string;
  title?: string;
  due_date?: string | null;
  status?: string | null;
  percent?: number | null;
  previous_percent?: number | null;
  results?: string | null;
  evidence?: string | null;
  difficulties?: string | null;
  proposals?: string | null;
}

export interface ReportIndicator {
  indicator_id: number;
  code?: string;
  name?: string;
  unit?: string | null;
  target?: string | null;
  value?: number | null;
  value_text?: string | null;
  note?: string | null;
}

/** A unit's report for a period (nq_monitor_report_get). */
export interface Report {
  id: number;
  plan_id?: number;
  unit_id?: number;
  unit?: string;
  period_id?: number;
  period_code?: string;
  period_title?: string;
  period_kind?: string;
  start_date?: string;
  end_date?: string;
  period?: Period;
  state: string;
  state_label?: string;
  approved?: boolean;
  due_date?: string | null;
  submitted_at?: string | null;
  timeliness?: string | null;
  return_comment?: string | null;
  version?: number;
  items?: ReportItem[];
  indicators?: ReportIndicator[];
  sections?: Record<string, string | null>;
  events?: { at: string; action: string; from_state?: string | null; to_state: string; user_name?: string; comment?: string | null }[];
}

/** An expected report of a period with its timeliness (nq_monitor_reports_list). */
export interface ReportStatus {
  report_id: number | null;
  unit_id: number;
  unit: string;
  state: string;
  state_label?: string;
  timeliness_label?: string;
  due_date?: string;
  submitted_at?: string | null;
  timeliness: string;
  days_late?: number | null;
}

export interface ScoreRow {
  unit_id: number;
  unit: string;
  score: number;
  rank?: number;
  class?: string;
  class_label?: string;
  components?: Record<string, number>;
  figures?: Record<string, number>;
}
export interface Scorecards {
  year: number;
  weights?: Record<string, number>;
  units: ScoreRow[];
}

/** A group of similar points across reports (nq_monitor_digest). */
export interface DigestGroup {
  text: string;
  count: number;
  units?: (number | string)[];
  unit_names?: string[];
  examples?: string[];
}
export interface Digest {
  difficulties: DigestGroup[];
  proposals: DigestGroup[];
}

/** A task likely to miss its deadline, with the reasons (nq_monitor_warnings). */
export interface Warning {
  task_id: number;
  code?: string;
  title: string;
  lead?: UnitRef[] | string;
  due_date?: string | null;
  percent?: number | null;
  days_left?: number | null;
  reasons: string[];
}


/** One public plan on GET /api/public: its metadata, task counts by status
 *  and by lead agency (the overview at the date of the figures), and its
 *  indicators with their targets. */
export interface PublicPlan {
  plan: PlanSummary;
  overview: {
    at?: string;
    total?: number;
    by_status?: Record<string, number>;
    by_lead?: { unit_id: number; name: string; total: number; by_status?: Record<string, number> }[];
  };
  indicators: PublicIndicator[];
}

/** An indicator on the public page: targets, and the latest accepted values
 *  rolled up across units by its rule (src/store/store_public.h). */
export interface PublicIndicator extends Indicator {
  year?: number;
  target?: string | null;
  units_reported?: number;
  rule?: string;
  attained?: 'attained' | 'not_attained' | 'not_evaluable';
  assessment?: string;
  ratio?: number | null;
}

/** A plan's reporting regime (GET /api/plans/:id/regime); version is the plan's, for If-Match. */
export interface PlanRegime {
  plan_id: number;
  version: number;
  items: { period: string; period_label?: string; due: string | null }[];
}

/** What an administrator may change on an account (PATCH /api/users/:id). */
export interface UserPatch {
  full_name?: string;
  role?: string;
  unit?: number | null;
  plan_ids?: number[];
  all_plans?: boolean;
  disabled?: boolean;
}

export interface PublicFigures {
  /** The date (YYYY-MM-DD) the figures were computed for. */
  date: string;
  plans: PublicPlan[];
}

export interface Regime {
  id?: number;
  plan_id?: number;
  period: string;
  due: string;
}

// ---- endpoints -------------------------------------------------------------

/** A plan document being imported (GET /api/imports/:id). */
export interface ImportDraft {
  id: number;
  file_name: string;
  media_type?: string;
  state: 'processing' | 'ready' | 'failed' | 'published';
  progress?: { page: number; pages: number } | null;
  error?: string | null;
  plan_id?: number | null;
  version: number;
  source_text?: string | null;
  plan?: unknown;
  agencies?: { name: string; mentions?: number }[];
}

/** Filters of GET /api/tasks. The server rejects unknown parameters, so
 *  only the ones set are sent. */
export interface TaskQuery {
  plan?: number;
  unit?: number;
  status?: string;
  field?: string;
  q?: string;
  due_from?: string;
  due_to?: string;
  date?: string;
  offset?: number;
  limit?: number;
}

export const api = {
  // auth
  login: async (login: string, password: string) => identityUser(await request<Identity>('POST', '/api/auth/login', { login, password })),
  logout: () => request<void>('POST', '/api/auth/logout', {}),
  /** The signed-in user, or null for an anonymous visitor. */
  me: async () => identityUser(await request<Identity>('GET', '/api/auth/me')),

  // plans and tasks
  plans: async () => asList<PlanSummary>(await request<unknown>('GET', '/api/plans'), 'plans'),
  plan: (id: number) => request<PlanDetail>('GET', `/api/plans/${id}`),
  /** Store a plan JSON (docs/spec/plan-json.md) as a new plan; 409 when it exists. */
  createPlan: (planJson: unknown) => request<PlanDetail>('POST', '/api/plans', planJson),
  planExport: (id: number) => request<unknown>('GET', `/api/plans/${id}/export`),
  planOverview: (id: number, date?: string) => request<Overview>('GET', withQuery(`/api/plans/${id}/overview`, { date })),
  /** Counts over the caller's whole scope (what they may read), or one plan of it. */
  overview: (q: { plan?: number; unit?: number; date?: string } = {}) => request<Overview>('GET', withQuery('/api/overview', q)),
  /** Report timeliness of the current period of every plan in scope, or of one. */
  timeliness: (q: { plan?: number; unit?: number } = {}) => request<Timeliness>('GET', withQuery('/api/timeliness', q)),
  tasks: async (q: TaskQuery) => asPage<Task>(await request<unknown>('GET', withQuery('/api/tasks', q as Query))),
  task: (id: number) => request<Task>('GET', `/api/tasks/${id}`),
  /** PATCH /api/tasks/:id from the version the caller read (412 if it changed since). */
  patchTask: (id: number, version: number, patch: Partial<Pick<Task, 'field' | 'title' | 'percent'>>) =>
    request<Task>('PATCH', `/api/tasks/${id}`, patch, undefined, { 'If-Match': `W/"${version}"` }),
  /** Every change to the task and to the report items about it, newest first. */
  taskAudit: async (id: number) => asList<AuditEntry>(await request<unknown>('GET', `/api/tasks/${id}/audit`)),
  /** The task's progress updates, newest first (each tied to the report it came from). */
  taskUpdates: async (id: number) => asList<TaskUpdate>(await request<unknown>('GET', `/api/tasks/${id}/updates`)),

  // agencies
  units: async (q?: string) => asList<Unit>(await request<unknown>('GET', withQuery('/api/units', { q })), 'units'),
  unit: (id: number) => request<Unit>('GET', `/api/units/${id}`),
  createUnit: (u: Partial<Unit>) => request<Unit>('POST', '/api/units', u),
  /** Edit a directory entry from the version the caller loaded (412 when someone changed it since). */
  updateUnit: (id: number, version: number, u: Partial<Unit> & { aliases_add?: string[]; aliases_remove?: string[] }) =>
    request<Unit>('PATCH', `/api/units/${id}`, u, undefined, { 'If-Match': `W/"${version}"` }),

  // indicators
  /** The indicator board of the caller's scope (or one plan), a page at a time. */
  indicatorBoard: (q: { plan?: number; unit?: number; year?: number; offset?: number; limit?: number } = {}) =>
    request<IndicatorBoard>('GET', withQuery('/api/indicators', q)),
  /** The board's first 500 indicators, of one plan or of every plan in scope. */
  indicators: async (plan?: number): Promise<Indicator[]> => (await api.indicatorBoard({ plan, limit: 500 })).items,
  /** One indicator: targets, the values units reported, this year's light;
   *  a unit's officers ask for their unit's values (?unit=). */
  indicator: (id: number, unit?: number) => request<Indicator>('GET', withQuery(`/api/indicators/${id}`, { unit })),

  // reporting (src/monitor)
  periods: async (plan: number) => asList<Period>(await request<unknown>('GET', `/api/plans/${plan}/periods`)),
  generatePeriods: (plan: number, year: number) => request<unknown>('POST', `/api/plans/${plan}/periods`, { year }),
  /** Expected reports of a period; a unit's officers may only ask for their own unit. */
  periodReports: async (period: number, unit?: number) =>
    asList<ReportStatus>(await request<unknown>('GET', withQuery(`/api/periods/${period}/reports`, { unit }))),
  openReport: (period: number, unit_id: number) => request<Report>('POST', `/api/periods/${period}/reports`, { unit_id }),
  report: (id: number) => request<Report>('GET', `/api/reports/${id}`),
  saveReport: (id: number, body: Pick<Report, 'items' | 'indicators' | 'sections'>) => request<Report>('PUT', `/api/reports/${id}`, body),
  reportAction: (id: number, action: 'submit' | 'approve' | 'accept' | 'return', comment?: string) =>
    request<Report>('POST', `/api/reports/${id}/${action}`, comment ? { comment } : {}),
  compile: (period: number) => request<unknown>('POST', `/api/periods/${period}/compile`),
  /** The official document of a period: the plan's compilation, or one unit's report. */
  documentUrl: (period: number, format: 'docx' | 'xlsx', unit?: number) => withQuery(`/api/periods/${period}/document`, { format, unit }),

  // evaluation
  scorecards: (plan: number, year: number) => request<Scorecards>('GET', withQuery(`/api/plans/${plan}/scorecards`, { year })),
  digest: (plan: number, period?: number) => request<Digest>('GET', withQuery(`/api/plans/${plan}/digest`, { period })),
  warnings: async (plan: number) => asList<Warning>(await request<unknown>('GET', `/api/plans/${plan}/warnings`)),

  // import drafts (docs/api.md, "Imports")
  /** Upload a plan document (TXT, DOCX, PDF, scan; format read from the bytes).
   *  The server keeps it as a draft: ready at once for text and DOCX,
   *  "processing" (poll importDraft) for PDFs and scans. */
  importDocument: (file: File) => request<ImportDraft>('POST', withQuery('/api/imports', { name: file.name }), file),
  importDraft: (id: number) => request<ImportDraft>('GET', `/api/imports/${id}`),
  /** Replace the draft's plan JSON with the reviewed one (If-Match: version). */
  saveImport: (id: number, version: number, plan: unknown) =>
    request<ImportDraft>('PUT', `/api/imports/${id}`, plan, undefined, { 'If-Match': `W/"${version}"` }),
  /** Publish the draft: the plan is created and the draft marked published. */
  publishImport: (id: number) => request<PlanDetail>('POST', `/api/imports/${id}/publish`),

  // administration
  users: async () => asList<User>(await request<unknown>('GET', '/api/users'), 'users'),
  createUser: (u: { login: string; full_name?: string; password: string; role: string; unit?: string | null; all_plans?: boolean }) =>
    request<User>('POST', '/api/users', u),
  updateUser: (id: number, patch: UserPatch) => request<User>('PATCH', `/api/users/${id}`, patch),
  /** An administrator sets a new password; the account's sessions end. */
  resetPassword: (id: number, password: string) => request<User>('POST', `/api/users/${id}/password`, { password }),
  regime: (plan: number) => request<PlanRegime>('GET', `/api/plans/${plan}/regime`),
  saveRegime: (plan: number, version: number, items: PlanRegime['items']) =>
    request<PlanRegime>('PUT', `/api/plans/${plan}/regime`, { items }, undefined, { 'If-Match': `W/"${version}"` }),


  // public
  publicFigures: () => request<PublicFigures>('GET', '/api/public'),
};

/** Normalise a count table ({status: n} or [{key,count}]) to [key, count] pairs. */
export function countPairs(raw: Record<string, number> | CountRow[] | undefined | null, keyField = 'key'): [string, number][] {
  if (!raw) return [];
  if (Array.isArray(raw)) {
    return raw.map((r) => [String(r[keyField] ?? r.key ?? r.status ?? r.name ?? ''), Number(r.count ?? 0)] as [string, number]);
  }
  return Object.entries(raw).map(([k, v]) => [k, typeof v === 'number' ? v : 0] as [string, number]);
}
