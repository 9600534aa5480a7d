// vn.ts: Vietnamese presentation rules in one place: dates as dd/mm/yyyy,
// numbers with Vietnamese separators, collation in Vietnamese alphabetical
// order, accent-insensitive folding for client-side filters, and the labels
// of task statuses and reporting periods.

/** A value made on first use, not at load: building an ICU collator or
 *  number format costs the first screen tens of milliseconds before
 *  anything is asked for. */
function onFirstUse<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const collator = onFirstUse(() => new Intl.Collator('vi', { sensitivity: 'base', numeric: true }));

/** Compare two strings in Vietnamese alphabetical order (a ă â b c d đ e ê …). */
export function viCompare(a: string | null | undefined, b: string | null | undefined): number {
  return collator().compare(a ?? '', b ?? '');
}

/** Sort a copy of items by a text key in Vietnamese order. */
export function viSortBy<T>(items: readonly T[], key: (item: T) => string | null | undefined): T[] {
  return [...items].sort((x, y) => viCompare(key(x), key(y)));
}

/** Lower-case, strip diacritics and map đ→d, so "khoa hoc" matches "Khoa học". */
export function fold(text: string | null | undefined): string {
  return (text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when every word of the query occurs in the text, ignoring accents and case. */
export function foldMatch(text: string, query: string): boolean {
  const words = fold(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const hay = fold(text);
  return words.every((w) => hay.includes(w));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** ISO date or date-time ("2025-07-31", "2025-07-31T08:00:00Z") as dd/mm/yyyy; "—" when absent. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Date-time as dd/mm/yyyy hh:mm in local time. */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso.includes('T') || iso.includes(' ') ? iso.replace(' ', 'T') : iso);
  if (Number.isNaN(d.getTime())) return fmtDate(iso);
  return `${pad2(d.getDate())}/${pad2(d.getMonth() + 1)}/${d.getFullYear()} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** Today as ISO YYYY-MM-DD in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

const numberFmt = onFirstUse(() => new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }));
export function fmtNumber(n: number | null | undefined): string {
  return n === null || n === undefined || Number.isNaN(n) ? '—' : numberFmt().format(n);
}
export function fmtPercent(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : `${numberFmt().format(n)}%`;
}

/** Task statuses as the server names them, in the order dashboards show them. */
export const STATUS_ORDER = [
  'done_on_time',
  'done_late',
  'in_progress',
  'at_risk',
  'overdue',
  'not_started',
] as const;
export type TaskStatus = (typeof STATUS_ORDER)[number];

const STATUS_LABEL: Record<string, string> = {
  done_on_time: 'Hoàn thành đúng hạn',
  done_late: 'Hoàn thành quá hạn',
  done: 'Đã hoàn thành',
  in_progress: 'Đang thực hiện',
  at_risk: 'Có nguy cơ chậm',
  overdue: 'Quá hạn chưa hoàn thành',
  not_started: 'Chưa triển khai',
  recurring: 'Thường xuyên',
  cancelled: 'Đã hủy',
};

export function statusLabel(status: string | null | undefined): string {
  if (!status) return 'Chưa có thông tin';
  return STATUS_LABEL[status] ?? status;
}

/** Task fields (lĩnh vực, src/core/field.h) in the order dashboards show them. */
export const FIELD_ORDER = [
  'awareness',
  'institutions',
  'infrastructure',
  'human_resources',
  'digital_government',
  'enterprise_innovation',
  'international',
  'security',
  'other',
] as const;

const FIELD_LABEL: Record<string, string> = {
  awareness: 'Nâng cao nhận thức, đổi mới tư duy, tăng cường lãnh đạo',
  institutions: 'Hoàn thiện thể chế, cơ chế, chính sách',
  infrastructure: 'Hạ tầng số, dữ liệu, nền tảng số',
  human_resources: 'Phát triển nguồn nhân lực',
  digital_government: 'Chuyển đổi số trong cơ quan nhà nước, dịch vụ công',
  enterprise_innovation: 'Khoa học, công nghệ, đổi mới sáng tạo trong doanh nghiệp',
  international: 'Hợp tác, hội nhập quốc tế',
  security: 'An ninh mạng, an toàn thông tin',
  other: 'Khác',
};

export function fieldLabel(field: string | null | undefined): string {
  if (!field) return 'Chưa xác định';
  return FIELD_LABEL[field] ?? field;
}

/** CSS modifier for a status badge; colours are chosen for contrast ≥ 4.5:1. */
export function statusTone(status: string | null | undefined): string {
  switch (status) {
    case 'done_on_time':
    case 'done':
      return 'ok';
    case 'done_late':
      return 'late';
    case 'in_progress':
    case 'recurring':
      return 'info';
    case 'at_risk':
      return 'warn';
    case 'overdue':
      return 'bad';
    default:
      return 'muted';
  }
}

/** Chart colours matching the badge tones, so a slice reads like its badge. */
export const STATUS_COLOR: Record<string, string> = {
  done_on_time: '#15803d',
  done_late: '#65a30d',
  in_progress: '#2563eb',
  at_risk: '#d97706',
  overdue: '#b91c1c',
  not_started: '#6b7280',
};

const PERIOD_LABEL: Record<string, string> = {
  month: 'Tháng',
  quarter: 'Quý',
  half: '6 tháng',
  nine_months: '9 tháng',
  year: 'Năm',
  adhoc: 'Đột xuất',
  on_demand: 'Đột xuất',
};
export function periodKindLabel(kind: string | null | undefined): string {
  return kind ? (PERIOD_LABEL[kind] ?? kind) : '—';
}

const REPORT_STATE_LABEL: Record<string, string> = {
  draft: 'Bản nháp',
  approved: 'Thủ trưởng đã duyệt',
  submitted: 'Đã gửi',
  returned: 'Bị trả lại',
  accepted: 'Đã tiếp nhận',
  compiled: 'Đã tổng hợp',
  missing: 'Chưa báo cáo',
  late: 'Gửi muộn',
  on_time: 'Gửi đúng hạn',
  pending: 'Chưa đến hạn',
};
export function reportStateLabel(state: string | null | undefined): string {
  return state ? (REPORT_STATE_LABEL[state] ?? state) : 'Chưa lập';
}

const SCHEDULE_LABEL: Record<string, string> = {
  once: 'Có thời hạn',
  range: 'Giai đoạn',
  recurring: 'Thường xuyên',
  conditional: 'Theo điều kiện',
  none: 'Không xác định',
};
export function scheduleKindLabel(kind: string | null | undefined): string {
  return kind ? (SCHEDULE_LABEL[kind] ?? kind) : '—';
}

/** Traffic light of an indicator: green met, amber on track, red behind, grey no data. */
export function lightLabel(light: string | null | undefined): string {
  switch (light) {
    case 'green':
      return 'Đạt';
    case 'amber':
    case 'yellow':
      return 'Cần theo dõi';
    case 'red':
      return 'Chưa đạt';
    default:
      return 'Chưa có số liệu';
  }
}

/** The roles of src/auth/policy.h (one per account). */
export const ROLE_LABEL: Record<string, string> = {
  officer: 'Cán bộ đơn vị',
  head: 'Lãnh đạo đơn vị',
  aggregator: 'Cơ quan thường trực, tổng hợp',
  steering: 'Ban Chỉ đạo',
  admin: 'Quản trị hệ thống',
};
export function roleLabel(role: string | null | undefined): string {
  return role ? (ROLE_LABEL[role] ?? role) : '—';
}

/** "day 20" → "ngày 20 hằng tháng", "06-10" → "10/6". */
export function dueLabel(due: string | null | undefined): string {
  if (!due) return '';
  let m = /^day (\d+)$/.exec(due);
  if (m) return `trước ngày ${m[1]}`;
  m = /^day (\d+) of last month$/.exec(due);
  if (m) return `trước ngày ${m[1]} tháng cuối kỳ`;
  m = /^(\d{2})-(\d{2})$/.exec(due);
  if (m) return `trước ngày ${Number(m[2])}/${Number(m[1])}`;
  return due;
}
