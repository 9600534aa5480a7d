// Report.tsx: the reporting form of one unit for one period: per task the
// unit leads, its status, percent, results, evidence, difficulties and
// proposals; indicator values; free sections. The unit saves drafts; its
// head approves and sends; the aggregator accepts or returns it with a
// comment. Downloads are the server's official DOCX/XLSX.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Report, type ReportIndicator, type ReportItem } from '../api';
import { periodLabel } from '../planpicker';
import { href } from '../router';
import { hasRole, useSession } from '../session';
import { Async, ErrorNotice, PageTitle, useAsync } from '../ui';
import { fmtDate, fmtDateTime, reportStateLabel, statusLabel } from '../vn';

export default function ReportPage({ id }: { id: number }) {
  const report = useAsync(() => api.report(id), [id]);
  return (
    <Async state={report} what="báo cáo">
      {(r) => <ReportForm initial={r} reload={report.reload} />}
    </Async>
  );
}

const EDITABLE = new Set(['draft', 'returned']);
const UNIT_STATUSES = ['not_started', 'in_progress', 'done'];
const SECTIONS = [
  ['results', 'Kết quả nổi bật'],
  ['shortcomings', 'Tồn tại, hạn chế'],
  ['difficulties', 'Khó khăn, vướng mắc chung'],
  ['proposals', 'Kiến nghị, đề xuất'],
  ['next', 'Nhiệm vụ trọng tâm kỳ tới'],
] as const;
const ITEM_TEXTS = [
  ['results', 'Kết quả thực hiện'],
  ['evidence', 'Sản phẩm, minh chứng (văn bản, đường dẫn)'],
  ['difficulties', 'Khó khăn, vướng mắc'],
  ['proposals', 'Kiến nghị, đề xuất'],
] as const;

function ReportForm({ initial, reload }: { initial: Report; reload: () => void }) {
  const { user, mode } = useSession();
  const [r, setR] = useState<Report>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [comment, setComment] = useState('');
  useEffect(() => setR(initial), [initial]);
  const editable = EDITABLE.has(r.state);
  const periodId = r.period_id ?? r.period?.id;
  const canHead = mode === 'open' || hasRole(user, 'head');
  const canReview = mode === 'open' || hasRole(user, 'aggregator');

  const setItem = (k: number, patch: Partial<ReportItem>) => setR({ ...r, items: (r.items ?? []).map((l, j) => (j === k ? { ...l, ...patch } : l)) });
  const setIndicator = (k: number, patch: Partial<ReportIndicator>) =>
    setR({ ...r, indicators: (r.indicators ?? []).map((v, j) => (j === k ? { ...v, ...patch } : v)) });
  const content = () => ({ items: r.items, indicators: r.indicators, sections: r.sections });

  const run = async (message: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      await fn();
      setR(await api.report(r.id));
      setNotice(message);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError && e.status === 412) reload();
    } finally {
      setBusy(false);
    }
  };
  const save = () => run('Đã lưu bản nháp.', () => api.saveReport(r.id, content()));
  const act = (action: 'submit' | 'approve' | 'accept' | 'return', message: string) =>
    run(message, async () => {
      if (editable && !r.approved && action === 'approve') await api.saveReport(r.id, content());
      await api.reportAction(r.id, action, action === 'return' ? comment : undefined);
    });

  return (
    <article>
      <nav class="crumbs" aria-label="Vị trí">
        <a href={href('/my', { plan: r.plan_id, period: periodId })}>Việc của tôi</a> › <span>Báo cáo</span>
      </nav>
      <PageTitle sub={`${r.unit ?? ''}${r.due_date ? ` · hạn gửi ${fmtDate(r.due_date)}` : ''}`}>
        Báo cáo {r.period_title ?? (r.period ? periodLabel(r.period) : `số ${r.id}`)}
      </PageTitle>
      <p>
        Trạng thái: <strong data-testid="report-state">{r.state_label ?? reportStateLabel(r.state)}</strong>
        {r.approved && r.state !== 'accepted' && ' · Thủ trưởng đã duyệt'}
        {r.submitted_at && <span class="meta"> · gửi lúc {fmtDateTime(r.submitted_at)}</span>}
        {r.timeliness && r.timeliness !== 'pending' && r.state !== 'draft' && <span class="meta"> · {reportStateLabel(r.timeliness)}</span>}
      </p>
      {r.return_comment && (
        <p class="notice" role="note">
          <strong>Ý kiến của cơ quan tổng hợp khi trả lại:</strong> {r.return_comment}
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
          <legend class="sr-only">Nội dung báo cáo</legend>
          {/* Headings go h1 > h2 > h3 for screen-reader navigation; the classes keep the look. */}
          <h2 class="h3">Tiến độ thực hiện nhiệm vụ</h2>
          {(r.items ?? []).length === 0 && <p class="empty">Đơn vị không có nhiệm vụ phải báo cáo trong kỳ này.</p>}
          {(r.items ?? []).map((l, k) => {
            const p = `item-${l.task_id}`;
            return (
              <section key={l.task_id} class="card report-line" aria-labelledby={`${p}-title`}>
                <h3 id={`${p}-title`} class="h4">
                  {l.code && <span class="task-code">{l.code}</span>} {l.title}
                </h3>
                <p class="meta">
                  {l.due_date ? `Hạn: ${fmtDate(l.due_date)}` : 'Không có hạn cụ thể'}
                  {typeof l.previous_percent === 'number' && ` · kỳ trước: ${l.previous_percent}%`}
                </p>
                <div class="row">
                  <div class="field">
                    <label for={`${p}-status`}>Tình trạng</label>
                    <select id={`${p}-status`} value={l.status ?? ''} onChange={(e) => setItem(k, { status: e.currentTarget.value || null })}>
                      <option value="">— Chọn —</option>
                      {UNIT_STATUSES.map((s) => (
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
                      onInput={(e) => setItem(k, { percent: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
                    />
                  </div>
                </div>
                {ITEM_TEXTS.map(([key, label]) => (
                  <div class="field" key={key}>
                    <label for={`${p}-${key}`}>{label}</label>
                    <textarea id={`${p}-${key}`} rows={2} value={l[key] ?? ''} onInput={(e) => setItem(k, { [key]: e.currentTarget.value })} />
                  </div>
                ))}
              </section>
            );
          })}
          {(r.indicators ?? []).length > 0 && (
            <section class="card">
              <h2 class="h4">Số liệu chỉ tiêu</h2>
              {(r.indicators ?? []).map((v, k) => (
                <div class="row" key={v.indicator_id}>
                  <div class="field">
                    <label for={`ind-${v.indicator_id}`}>
                      {v.code ? `${v.code}. ` : ''}
                      {v.name} {v.unit ? `(${v.unit})` : ''} {v.target ? `— mục tiêu ${v.target}` : ''}
                    </label>
                    <input
                      id={`ind-${v.indicator_id}`}
                      inputMode="decimal"
                      value={v.value ?? v.value_text ?? ''}
                      onInput={(e) => {
                        const text = e.currentTarget.value.trim();
                        const n = Number(text.replace(',', '.'));
                        setIndicator(k, text !== '' && Number.isFinite(n) ? { value: n, value_text: null } : { value: null, value_text: text || null });
                      }}
                    />
                  </div>
                </div>
              ))}
            </section>
          )}
          <section class="card">
            <h2 class="h4">Nội dung chung của báo cáo</h2>
            {SECTIONS.map(([key, label]) => (
              <div class="field" key={key}>
                <label for={`sec-${key}`}>{label}</label>
                <textarea
                  id={`sec-${key}`}
                  rows={3}
                  value={r.sections?.[key] ?? ''}
                  onInput={(e) => setR({ ...r, sections: { ...(r.sections ?? {}), [key]: e.currentTarget.value } })}
                />
              </div>
            ))}
          </section>
        </fieldset>
        {r.state === 'submitted' && canReview && (
          <div class="field">
            <label for="review-comment">Ý kiến khi trả lại (bắt buộc khi trả lại)</label>
            <textarea id="review-comment" rows={2} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </div>
        )}
        {error !== null && <ErrorNotice error={error} what="thao tác với báo cáo" doing />}
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
          {editable && canHead && !r.approved && (
            <button type="button" class="btn" disabled={busy} onClick={() => act('approve', 'Thủ trưởng đơn vị đã duyệt báo cáo.')}>
              Thủ trưởng duyệt
            </button>
          )}
          {editable && canHead && (
            <button type="button" class="btn btn-primary" disabled={busy || !r.approved} onClick={() => act('submit', 'Đã gửi báo cáo đến cơ quan tổng hợp.')}>
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
          {periodId && r.unit_id && (
            <>
              <a class="btn btn-ghost" href={api.documentUrl(periodId, 'docx', r.unit_id)} download data-testid="report-docx">
                Tải DOCX
              </a>
              <a class="btn btn-ghost" href={api.documentUrl(periodId, 'xlsx', r.unit_id)} download>
                Tải XLSX
              </a>
            </>
          )}
        </div>
        {editable && !r.approved && <p class="meta">Báo cáo cần được thủ trưởng đơn vị duyệt trước khi gửi; sửa báo cáo sau khi duyệt sẽ phải duyệt lại.</p>}
      </form>
      {(r.events ?? []).length > 0 && (
        <section>
          <h2>Quá trình xử lý</h2>
          <ol class="timeline">
            {(r.events ?? []).map((e, k) => (
              <li key={k}>
                {fmtDateTime(e.at)} — {EVENT_LABEL[e.action] ?? e.action}
                {e.user_name ? ` (${e.user_name})` : ''}
                {e.comment ? `: ${e.comment}` : ''}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}

const EVENT_LABEL: Record<string, string> = {
  create: 'Lập báo cáo',
  save: 'Lưu nháp',
  approve: 'Thủ trưởng duyệt',
  submit: 'Gửi báo cáo',
  accept: 'Tiếp nhận',
  return: 'Trả lại',
};
