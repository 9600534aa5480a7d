// Import.tsx: the import wizard. 1) upload the plan as issued (text, DOCX,
// PDF, scan); 2) follow the server's extraction progress; 3) review the plan
// JSON side by side with the source text, fix agencies and fields; 4)
// publish. The job id lives in the address so a reload resumes the review.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, type ImportJob, type Unit } from '../api';
import { href, navigate, type Route } from '../router';
import { ErrorNotice, Loading, PageTitle, useAsync } from '../ui';
import { fmtDate, viSortBy } from '../vn';

interface PlanTask {
  code?: string;
  title: string;
  lead?: string[];
  support?: string[];
  timeline?: string | null;
  field?: string | null;
}
interface PlanJson {
  source?: string;
  plan: { kind?: string; number?: string | null; issuer?: string | null; date?: string | null; title?: string };
  tasks: PlanTask[];
  indicators?: unknown[];
  [k: string]: unknown;
}

const FINAL = new Set(['ready', 'review', 'done', 'failed', 'error', 'published']);

export default function ImportPage({ route }: { route: Route }) {
  const jobId = Number(route.query.get('job') ?? 0);
  return (
    <section>
      <PageTitle sub="Tải lên văn bản kế hoạch đã ban hành; hệ thống trích xuất nhiệm vụ, cơ quan, thời hạn, chỉ tiêu để rà soát và công bố.">
        Nhập kế hoạch
      </PageTitle>
      <ol class="steps" aria-label="Các bước">
        <li aria-current={!jobId ? 'step' : undefined}>Tải tệp lên</li>
        <li aria-current={jobId ? 'step' : undefined}>Trích xuất và rà soát</li>
        <li>Công bố</li>
      </ol>
      {jobId ? <JobView id={jobId} /> : <Upload />}
    </section>
  );
}

function Upload() {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const job = await api.startImport(file);
      navigate('/import', { job: job.id });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit}>
      <div class="field">
        <label for="imp-file">Tệp văn bản kế hoạch</label>
        <input
          id="imp-file"
          type="file"
          accept=".txt,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff,text/plain,application/pdf"
          aria-describedby="imp-file-hint"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <small class="hint" id="imp-file-hint">
          Nhận tệp TXT, DOCX, PDF hoặc ảnh chụp/bản quét (nhận dạng chữ tự động, kể cả văn bản mất dấu).
        </small>
      </div>
      {error !== null && <ErrorNotice error={error} what="chức năng nhập kế hoạch" />}
      <button type="submit" class="btn btn-primary" disabled={!file || busy}>
        {busy ? 'Đang tải lên…' : 'Tải lên và trích xuất'}
      </button>
    </form>
  );
}

function JobView({ id }: { id: number }) {
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const j = await api.importJob(id);
        if (stop) return;
        setJob(j);
        if (!FINAL.has(j.state)) timer = setTimeout(poll, 1000);
      } catch (e) {
        if (!stop) setError(e);
      }
    };
    poll();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [id]);
  if (error) return <ErrorNotice error={error} what="tiến trình nhập kế hoạch" />;
  if (!job) return <Loading />;
  if (!FINAL.has(job.state))
    return (
      <div class="card" role="status" aria-live="polite">
        <p>Đang trích xuất {job.filename ?? ''}… {job.message ?? ''}</p>
        <progress max={100} value={job.progress ?? undefined} aria-label="Tiến độ trích xuất" /> {job.progress != null ? `${job.progress}%` : ''}
      </div>
    );
  if (job.state === 'failed' || job.state === 'error')
    return (
      <div class="notice notice-error" role="alert">
        Không trích xuất được văn bản: {job.message ?? 'lỗi không rõ'}. <a href={href('/import')}>Thử tệp khác</a>
      </div>
    );
  return <Review job={job} />;
}

function Review({ job }: { job: ImportJob }) {
  const [plan, setPlan] = useState<PlanJson>(() => job.plan as PlanJson);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [publishedId, setPublishedId] = useState<number | null>(job.state === 'published' ? (job.plan_id ?? null) : null);
  const units = useAsync(() => api.units(), []);
  const unitNames = useMemo(() => viSortBy<Unit>(units.data ?? [], (u) => u.name).map((u) => u.name), [units.data]);
  const known = useMemo(() => new Set(unitNames), [unitNames]);

  if (!plan || !Array.isArray(plan.tasks)) return <p class="notice notice-error">Kết quả trích xuất không có danh sách nhiệm vụ.</p>;
  const setMeta = (k: keyof PlanJson['plan'], v: string) => setPlan({ ...plan, plan: { ...plan.plan, [k]: v || null } });
  const setTask = (k: number, patch: Partial<PlanTask>) => setPlan({ ...plan, tasks: plan.tasks.map((t, j) => (j === k ? { ...t, ...patch } : t)) });
  const splitUnits = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.saveImport(job.id, plan);
      setNotice('Đã lưu các chỉnh sửa.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.saveImport(job.id, plan);
      const done = await api.publishImport(job.id);
      setPublishedId(done.plan_id ?? null);
      setNotice('Đã công bố kế hoạch.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="import-review">
      <datalist id="unit-names">
        {unitNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {job.warnings && job.warnings.length > 0 && (
        <details class="notice" open>
          <summary>{job.warnings.length} điểm cần rà soát</summary>
          <ul>
            {job.warnings.map((w, k) => (
              <li key={k}>{w}</li>
            ))}
          </ul>
        </details>
      )}
      <div class="split">
        <section class="source card" aria-labelledby="src-h">
          <h2 id="src-h" class="h3">
            Văn bản gốc {job.filename ? `(${job.filename})` : ''}
          </h2>
          <pre class="source-text" tabIndex={0}>
            {job.source_text ?? 'Máy chủ không gửi kèm văn bản gốc.'}
          </pre>
        </section>
        <section class="extracted card" aria-labelledby="ext-h">
          <h2 id="ext-h" class="h3">
            Kết quả trích xuất
          </h2>
          <div class="row">
            <div class="field">
              <label for="imp-number">Số, ký hiệu</label>
              <input id="imp-number" value={plan.plan.number ?? ''} onInput={(e) => setMeta('number', e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="imp-date">Ngày ban hành</label>
              <input id="imp-date" type="date" value={plan.plan.date ?? ''} onInput={(e) => setMeta('date', e.currentTarget.value)} />
              <small class="hint">{plan.plan.date ? fmtDate(plan.plan.date) : 'Chưa xác định'}</small>
            </div>
          </div>
          <div class="field">
            <label for="imp-issuer">Cơ quan ban hành</label>
            <input id="imp-issuer" list="unit-names" value={plan.plan.issuer ?? ''} onInput={(e) => setMeta('issuer', e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="imp-title">Trích yếu</label>
            <textarea id="imp-title" rows={2} value={plan.plan.title ?? ''} onInput={(e) => setMeta('title', e.currentTarget.value)} />
          </div>
          <h3 class="h4">{plan.tasks.length} nhiệm vụ</h3>
          <ol class="import-tasks">
            {plan.tasks.map((t, k) => {
              const unknown = [...(t.lead ?? []), ...(t.support ?? [])].filter((n) => unitNames.length > 0 && !known.has(n));
              return (
                <li key={k} class="import-task">
                  <p>
                    <span class="task-code">{t.code}</span> {t.title}
                  </p>
                  <div class="field">
                    <label for={`it-${k}-lead`}>Chủ trì</label>
                    <input id={`it-${k}-lead`} list="unit-names" value={(t.lead ?? []).join('; ')} onChange={(e) => setTask(k, { lead: splitUnits(e.currentTarget.value) })} />
                  </div>
                  <div class="field">
                    <label for={`it-${k}-support`}>Phối hợp (ngăn cách bằng dấu chấm phẩy)</label>
                    <input id={`it-${k}-support`} value={(t.support ?? []).join('; ')} onChange={(e) => setTask(k, { support: splitUnits(e.currentTarget.value) })} />
                  </div>
                  <div class="row">
                    <div class="field">
                      <label for={`it-${k}-time`}>Thời gian</label>
                      <input id={`it-${k}-time`} value={t.timeline ?? ''} onInput={(e) => setTask(k, { timeline: e.currentTarget.value })} />
                    </div>
                    <div class="field">
                      <label for={`it-${k}-field`}>Lĩnh vực</label>
                      <input id={`it-${k}-field`} value={t.field ?? ''} onInput={(e) => setTask(k, { field: e.currentTarget.value })} />
                    </div>
                  </div>
                  {unknown.length > 0 && <p class="reason">Chưa có trong danh mục cơ quan: {unknown.join('; ')}</p>}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
      {error !== null && <ErrorNotice error={error} what="thao tác nhập kế hoạch" />}
      {notice && (
        <p class="notice notice-ok" role="status">
          {notice} {publishedId && <a href={href(`/plans/${publishedId}`)}>Mở kế hoạch vừa công bố</a>}
        </p>
      )}
      <div class="actions sticky-actions">
        <button type="button" class="btn" disabled={busy || !!publishedId} onClick={save}>
          Lưu chỉnh sửa
        </button>
        <button type="button" class="btn btn-primary" disabled={busy || !!publishedId} onClick={publish}>
          Công bố kế hoạch
        </button>
      </div>
    </div>
  );
}
