// util.mjs: helpers the browser tests share: the same accent folding the app
// uses (đ→d, no diacritics, lower case) and small waits.

export function fold(text) {
  return (text ?? '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Vietnamese thousands separator as the app prints counts ("1.234"). */
export function viNumber(n) {
  return new Intl.NumberFormat('vi-VN').format(n);
}

/** Sum of the status counts of an overview answer ({status: n} or rows). */
export function statusCount(overview, status) {
  const s = overview.by_status ?? {};
  if (Array.isArray(s)) return s.filter((r) => (r.status ?? r.key) === status).reduce((a, r) => a + r.count, 0);
  return s[status] ?? 0;
}
