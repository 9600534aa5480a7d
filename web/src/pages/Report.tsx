// Report.tsx: the reporting form of one unit for one period: per task its
// status, percent, results, products and evidence, difficulties and
// proposals, plus indicator values. The unit saves drafts, its head approves,
// the unit submits; the aggregator accepts or returns it with a comment.
// Downloads are the server's official DOCX/XLSX.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Report, type ReportLine } from '../api';
import { href } from '../router';
import { hasRole, useSession } from '../session';
import { Async, ErrorNotice, PageTitle, StatusBadge, useAsync } from '../ui';
import { fmtDate, fmtDateTime, reportStateLabel, STATUS_ORDER, statusLabel } from '../vn';

export default function ReportPage({ id }: { id: number }) {
  const report = useAsync(() => api.report(id), [id]);
  return (
    <Async state={report} what="báo cáo">
      {(r) => <ReportForm initial={r} reload={report.reload} />}
    </Async>
  );
}

const EDITABLE = new Set(['draft', 'returned']);

function ReportForm({ initial, reload }: { initial: Report; reload: () => void }) {
  const { user, mode } = useSession();
  const [r, setR] = useState<Report>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [comment, setComment] = useState('');
  useEffect(() => setR(initial), [initial]);
  const editable = EDITABLE.has(r.state);
  const canHead = mode === 'open' || hasRole(user, 'head');
  const canReview = mode === 'open' || hasRole(user, 'aggregator');

  const setLine = (k: number, patch: Partial<ReportLine>) =>
    setR({ ...r, lines: (r.lines ?? []).map((l, j) => (j === k ? { ...l, ...patch } : l)) });
  const setValue = (k: number, value: string) =>
    setR({ ...r, indicators: (r.indicators ?? []).map((v, j) => (j === k ? { ...v, value } : v)) });

  const run = async (what: string, fn: () => Promise<Report>) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const next = await fn();
      if (next && typeof next === 'object' && 'state' in next) setR(next);
      else reload();
      setNotice(what);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 412) reload();
    } finally {
      setBusy(false);
    }
  };
  const save = () => run('Đã lưu bản nháp.', () => api.saveReport(r.id, { lines: r.lines, indicators: r.indicators, version: r.version }));
  const act = (action: 'submit' | 'approve' | 'accept' | 'return', msg: string) =>
    run(msg, async () => {
      if (editable && (action === 'submit' || action === 'approve')) await api.saveReport(r.id, { lines: r.lines, indicators: r.indicators, version: r.version });
      return api.reportAction(r.id, action, comment || undefined);
    });

  return (
    <article>
      <nav class="crumbs" aria-label="Vị trí">
        <a href={href('/my')}>Việc của tôi</a> › <span>Báo cáo</span>
      </nav>
      <PageTitle sub={`${r.unit_name ?? ''}${r.due ? ` · hạn gửi ${fmtDate(r.due)}` : ''}`}>
        Báo cáo {r.period_label ?? `số ${r.id}`}
      </PageTitle>
      <p>
        Trạng thái: <strong data-testid="report-state">{reportStateLabel(r.state)}</strong>
        {r.submitted_at && <span class="meta"> · gửi lúc {fmtDateTime(r.submitted_at)}</span>}
      </p>
      {r.comment && (
        <p class="notice" role="note">
          <strong>Ý kiến của cơ quan tổng hợp:</strong> {r.comment}
        </p>
      )}
      <form
        class="report-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <fieldset disabled={!editable || busy}>
          <legend class="h3">Tiến độ thực hiện nhiệm vụ</legend>
          {(r.lines ?? []).length === 0 && <p class="empty">Đơn vị không có nhiệm vụ phải báo cáo trong kỳ này.</p>}
          {(r.lines ?? []).map((l, k) => {
            const p = `line-${l.task_id}`;
            return (
              <section key={l.task_id} class="card report-line" aria-labelledby={`${p}-title`}>
                <h3 id={`${p}-title`} class="h4">
                  {l.code && <span class="task-code">{l.code}</span>} {l.title}
                </h3>
                <div class="row">
                  <div class="field">
                    <label for={`${p}-status`}>Tình trạng</label>
                    <select id={`${p}-status`} value={l.status ?? ''} onChange={(e) => setLine(k, { status: e.currentTarget.value })}>
                      <option value="">— Chọn —</option>
                      {STATUS_ORDER.map((s) => (
                        <option key={s} value={s}>
                          {statusLabel(s)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div class="field field-narrow">
                    <label for={`${p}-pct`}>Tỷ lệ hoàn thành (%)</label>
                    <input
                      id={`${p}-pct`}
                      type="number"
                      min={0}
                      max={100}
                      inputMode="numeric"
                      value={l.percent ?? ''}
                      onInput={(e) => setLine(k, { percent: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
                    />
                  </div>
                </div>
                {(
                  [
                    ['results', 'Kết quả thực hiện'],
                    ['products', 'Sản phẩm, minh chứng (văn bản, đường dẫn)'],
                    ['difficulties', 'Khó khăn, vướng mắc'],
                    ['proposals', 'Kiến nghị, đề xuất'],
                  ] as const
                ).map(([key, label]) => (
                  <div class="field" key={key}>
                    <label for={`${p}-${key}`}>{label}</label>
                    <textarea id={`${p}-${key}`} rows={2} value={l[key] ?? ''} onInput={(e) => setLine(k, { [key]: e.currentTarget.value })} />
                  </div>
                ))}
              </section>
            );
          })}
          {(r.indicators ?? []).length > 0 && (
            <section class="card">
              <h3 class="h4">Số liệu chỉ tiêu</h3>
              {(r.indicators ?? []).map((v, k) => (
                <div class="field" key={v.indicator_id}>
                  <label for={`ind-${v.indicator_id}`}>
                    {v.name} {v.unit ? `(${v.unit})` : ''}
                  </label>
                  <input id={`ind-${v.indicator_id}`} value={v.value ?? ''} onInput={(e) => setValue(k, e.currentTarget.value)} />
                </div>
              ))}
            </section>
          )}
        </fieldset>
        {(r.state === 'submitted' || canReview) && !editable && (
          <div class="field">
            <label for="review-comment">Ý kiến khi trả lại</label>
            <textarea id="review-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
        )}
        {error !== null && <ErrorNotice error={error} what="thao tác với báo cáo" />}
        {notice && (
          <p class="notice notice-ok" role="status">
            {notice}
          </p>
        )}
        <div class="actions">
          {editable && (
            <button type="submit" class="btn" disabled={busy}>
              Lưu nháp
            </button>
          )}
          {editable && canHead && (
            <button type="button" class="btn" disabled={busy} onClick={() => act('approve', 'Thủ trưởng đơn vị đã duyệt báo cáo.')}>
              Thủ trưởng duyệt
            </button>
          )}
          {(editable || r.state === 'approved') && (
            <button type="button" class="btn btn-primary" disabled={busy} onClick={() => act('submit', 'Đã gửi báo cáo đến cơ quan tổng hợp.')}>
              Gửi báo cáo
            </button>
          )}
          {r.state === 'submitted' && canReview && (
            <>
              <button type="button" class="btn btn-primary" disabled={busy} onClick={() => act('accept', 'Đã tiếp nhận báo cáo.')}>
                Tiếp nhận
              </button>
              <button type="button" class="btn btn-danger" disabled={busy || !comment.trim()} onClick={() => act('return', 'Đã trả lại báo cáo.')}>
                Trả lại
              </button>
            </>
          )}
          <a class="btn btn-ghost" href={api.reportDownloadUrl(r.id, 'docx')} download>
            Tải DOCX
          </a>
          <a class="btn btn-ghost" href={api.reportDownloadUrl(r.id, 'xlsx')} download>
            Tải XLSX
          </a>
        </div>
      </form>
      {(r.lines ?? []).some((l) => l.status) && (
        <p class="meta">
          Tóm tắt:{' '}
          {STATUS_ORDER.map((s) => [s, (r.lines ?? []).filter((l) => l.status === s).length] as const)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => (
              <span key={s}>
                <StatusBadge status={s} /> {n}{' '}
              </span>
            ))}
        </p>
      )}
    </article>
  );
}
