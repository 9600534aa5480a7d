// Import.tsx: the import wizard. 1) upload the plan as issued (text, DOCX,
// PDF, scan) for the server to extract (POST /api/imports), or the plan
// JSON that `nq57 import FILE --json` printed; 2) review the result side by
// side with the source text, fix the heading, codes, agencies, times and
// fields; 3) publish it as a plan (POST /api/plans).
import { useMemo, useState } from 'preact/hooks';
import { api, ApiError, type Unit } from '../api';
import { href } from '../router';
import { DateInput, ErrorNotice, PageTitle, useAsync } from '../ui';
import { viSortBy } from '../vn';

interface PlanTask {
  code?: string;
  title: string;
  lead?: string[];
  support?: string[];
  timeline?: string | null;
  field?: string | null;
  [k: string]: unknown;
}
interface PlanJson {
  source?: string;
  plan: { kind?: string; number?: string | null; issuer?: string | null; date?: string | null; title?: string; [k: string]: unknown };
  tasks: PlanTask[];
  [k: string]: unknown;
}

/** What the review step works on: the extracted plan and its source. */
interface Draft {
  plan: PlanJson;
  sourceText?: string;
  filename?: string;
  warnings?: string[];
  /** The server-side draft (POST /api/imports); absent for a local plan JSON. */
  serverId?: number;
  version?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isPlanJson(x: unknown): x is PlanJson {
  const o = x as PlanJson | null;
  return !!o && typeof o === 'object' && !!o.plan && Array.isArray(o.tasks);
}

export default function ImportPage() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const step = draft ? 2 : 1;
  return (
    <section>
      <PageTitle sub="Tải lên văn bản kế hoạch đã ban hành; hệ thống trích xuất nhiệm vụ, cơ quan, thời hạn, chỉ tiêu để rà soát và công bố.">
        Nhập kế hoạch
      </PageTitle>
      <ol class="steps" aria-label="Các bước">
        <li aria-current={step === 1 ? 'step' : undefined}>Tải tệp lên</li>
        <li aria-current={step === 2 ? 'step' : undefined}>Rà soát, đối chiếu văn bản gốc</li>
        <li>Công bố</li>
      </ol>
      {draft ? <Review draft={draft} /> : <Upload onLocal={setDraft} />}
    </section>
  );
}

function Upload({ onLocal }: { onLocal: (d: Draft) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [noServerImport, setNoServerImport] = useState(false);
  const [progress, setProgress] = useState('');
  const isJson = !!file && /\.json$/i.test(file.name);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      if (isJson) {
        let plan: PlanJson;
        try {
          plan = JSON.parse(await file.text());
        } catch {
          throw new ApiError(400, `Tệp ${file.name} không phải JSON hợp lệ.`, 'local');
        }
        if (!isPlanJson(plan))
          throw new ApiError(422, `Tệp ${file.name} không phải plan JSON (thiếu "plan" hoặc "tasks").`, 'local');
        onLocal({ plan, sourceText: source ? await source.text() : undefined, filename: source?.name ?? plan.source ?? file.name });
        return;
      }
      let d = await api.importDocument(file);
      // Scans and PDFs are read page by page on the server: poll the draft.
      while (d.state === 'processing') {
        setProgress(d.progress && d.progress.pages ? `trang ${d.progress.page}/${d.progress.pages}` : '');
        await sleep(1000);
        d = await api.importDraft(d.id);
      }
      if (d.state === 'failed') throw new ApiError(422, d.error || 'Không trích xuất được văn bản này.', `/api/imports/${d.id}`);
      if (!isPlanJson(d.plan)) throw new ApiError(502, 'Máy chủ trả về kết quả trích xuất không đúng dạng plan JSON.', '/api/imports');
      onLocal({ plan: d.plan, sourceText: d.source_text ?? undefined, filename: d.file_name, serverId: d.id, version: d.version });
    } catch (err) {
      if (err instanceof ApiError && err.notAvailable && err.path.startsWith('/api/imports')) setNoServerImport(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={submit}>
      <div class="field">
        <label for="imp-file">Tệp kế hoạch</label>
        <input
          id="imp-file"
          type="file"
          accept=".txt,.docx,.pdf,.png,.jpg,.jpeg,.tif,.tiff,.json,text/plain,application/pdf,application/json"
          aria-describedby="imp-file-hint"
          onChange={(e) => {
            setFile(e.currentTarget.files?.[0] ?? null);
            setNoServerImport(false);
          }}
        />
        <small class="hint" id="imp-file-hint">
          Văn bản TXT, DOCX, PDF hoặc ảnh chụp, bản quét (nhận dạng chữ tự động, kể cả văn bản mất dấu); hoặc tệp JSON do lệnh{' '}
          <code>nq57 import TỆP --json</code> tạo ra.
        </small>
      </div>
      {isJson && (
        <div class="field">
          <label for="imp-source">Văn bản gốc để đối chiếu (TXT, không bắt buộc)</label>
          <input id="imp-source" type="file" accept=".txt,text/plain" onChange={(e) => setSource(e.currentTarget.files?.[0] ?? null)} />
        </div>
      )}
      {noServerImport && (
        <p class="notice notice-na" data-state="not-available" role="status">
          <strong>Máy chủ này chưa trích xuất trực tiếp văn bản tải lên.</strong> Hãy chạy <code>nq57 import TỆP --json &gt; kehoach.json</code> trên máy
          chủ rồi tải tệp <code>kehoach.json</code> lên đây (kèm văn bản gốc để đối chiếu).
        </p>
      )}
      {error !== null && <ErrorNotice error={error} what="chức năng nhập kế hoạch" doing />}
      <button type="submit" class="btn btn-primary" disabled={!file || busy}>
        {busy ? `Đang trích xuất… ${progress || '(bản quét có thể mất vài phút)'}` : isJson ? 'Mở để rà soát' : 'Tải lên và trích xuất'}
      </button>
    </form>
  );
}

function Review({ draft }: { draft: Draft }) {
  const [plan, setPlan] = useState<PlanJson>(draft.plan);
  const [version, setVersion] = useState(draft.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');
  const [publishedId, setPublishedId] = useState<number | null>(null);
  const units = useAsync(() => api.units(), []);
  const unitNames = useMemo(() => viSortBy<Unit>(units.data ?? [], (u) => u.name).map((u) => u.name), [units.data]);
  const known = useMemo(() => new Set(unitNames), [unitNames]);

  if (!plan || !Array.isArray(plan.tasks)) return <p class="notice notice-error">Kết quả trích xuất không có danh sách nhiệm vụ.</p>;
  const setMeta = (k: string, v: string) => setPlan({ ...plan, plan: { ...plan.plan, [k]: v || null } });
  const setTask = (k: number, patch: Partial<PlanTask>) => setPlan({ ...plan, tasks: plan.tasks.map((t, j) => (j === k ? { ...t, ...patch } : t)) });
  const splitUnits = (s: string) =>
    s
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
  // Codes must be unique in a plan (the server refuses duplicates); OCR often
  // loses a section heading and repeats "1", "2" … under the next one.
  const codeCount = new Map<string, number>();
  for (const t of plan.tasks) codeCount.set(t.code ?? '', (codeCount.get(t.code ?? '') ?? 0) + 1);
  const duplicates = [...codeCount].filter(([c, n]) => c && n > 1).map(([c]) => c);
  const unknownCount = plan.tasks.reduce(
    (n, t) => n + [...(t.lead ?? []), ...(t.support ?? [])].filter((x) => unitNames.length > 0 && !known.has(x)).length,
    0,
  );

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      // A server draft is corrected in place, then published from there, so
      // the draft records which plan it became; a local plan JSON is created.
      let created;
      if (draft.serverId !== undefined && version !== undefined) {
        const saved = await api.saveImport(draft.serverId, version, plan);
        setVersion(saved.version);
        created = await api.publishImport(draft.serverId);
      } else {
        created = await api.createPlan(plan);
      }
      setPublishedId(created.id);
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
      {((draft.warnings && draft.warnings.length > 0) || unknownCount > 0 || duplicates.length > 0) && (
        <details class="notice" open>
          <summary>
            Điểm cần rà soát: {(draft.warnings?.length ?? 0) + (unknownCount > 0 ? 1 : 0) + (duplicates.length > 0 ? 1 : 0)}
          </summary>
          <ul>
            {duplicates.length > 0 && (
              <li data-testid="duplicate-codes">
                Mã nhiệm vụ bị trùng: {duplicates.join(', ')}. Hãy đối chiếu văn bản gốc và sửa mã (ví dụ thêm số mục: I.1, II.1) trước khi công bố.
              </li>
            )}
            {(draft.warnings ?? []).map((w, k) => (
              <li key={k}>{w}</li>
            ))}
            {unknownCount > 0 && <li>{unknownCount} tên cơ quan chưa có trong danh mục; khi công bố sẽ được thêm vào danh mục dưới dạng đề xuất.</li>}
          </ul>
        </details>
      )}
      <div class="split">
        <section class="source card" aria-labelledby="src-h">
          <h2 id="src-h" class="h3">
            Văn bản gốc {draft.filename ? `(${draft.filename})` : ''}
          </h2>
          <pre class="source-text" tabIndex={0} data-testid="source-text">
            {draft.sourceText ?? 'Chưa có văn bản gốc để đối chiếu.'}
          </pre>
        </section>
        <section class="extracted card" aria-labelledby="ext-h">
          <h2 id="ext-h" class="h3">
            Kết quả trích xuất
          </h2>
          <div class="row">
            <div class="field">
              <label for="imp-kind">Loại văn bản</label>
              <input id="imp-kind" value={plan.plan.kind ?? ''} onInput={(e) => setMeta('kind', e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="imp-number">Số, ký hiệu</label>
              <input id="imp-number" value={plan.plan.number ?? ''} onInput={(e) => setMeta('number', e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="imp-date">Ngày ban hành</label>
              <DateInput id="imp-date" value={plan.plan.date} describedBy="imp-date-hint" onChange={(iso) => setMeta('date', iso ?? '')} />
              <small class="hint" id="imp-date-hint">
                Dạng ngày/tháng/năm{plan.plan.date ? '' : '; văn bản chưa xác định được ngày'}
              </small>
            </div>
          </div>
          <div class="field">
            <label for="imp-issuer">Cơ quan ban hành</label>
            <input id="imp-issuer" value={plan.plan.issuer ?? ''} onInput={(e) => setMeta('issuer', e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="imp-title">Trích yếu</label>
            <textarea id="imp-title" rows={2} value={plan.plan.title ?? ''} onInput={(e) => setMeta('title', e.currentTarget.value)} />
          </div>
          <h3 class="h4" data-testid="import-task-count">
            {plan.tasks.length} nhiệm vụ
          </h3>
          <ol class="import-tasks">
            {plan.tasks.map((t, k) => {
              const unknown = [...(t.lead ?? []), ...(t.support ?? [])].filter((n) => unitNames.length > 0 && !known.has(n));
              return (
                <li key={k} class="import-task">
                  <div class="row">
                    <div class="field field-narrow">
                      <label for={`it-${k}-code`}>Mã</label>
                      <input
                        id={`it-${k}-code`}
                        value={t.code ?? ''}
                        aria-invalid={duplicates.includes(t.code ?? '') ? 'true' : undefined}
                        onChange={(e) => setTask(k, { code: e.currentTarget.value.trim() })}
                      />
                    </div>
                    <p class="import-title">{t.title}</p>
                  </div>
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
                      <input id={`it-${k}-field`} value={t.field ?? ''} onInput={(e) => setTask(k, { field: e.currentTarget.value || undefined })} />
                    </div>
                  </div>
                  {unknown.length > 0 && <p class="reason">Chưa có trong danh mục cơ quan: {unknown.join('; ')}</p>}
                </li>
              );
            })}
          </ol>
        </section>
      </div>
      {error !== null && <ErrorNotice error={error} what="thao tác nhập kế hoạch" doing />}
      {notice && (
        <p class="notice notice-ok" role="status">
          {notice}{' '}
          {publishedId && (
            <a href={href(`/plans/${publishedId}`)} data-testid="published-link">
              Mở kế hoạch vừa công bố
            </a>
          )}
        </p>
      )}
      <div class="actions sticky-actions">
        <button type="button" class="btn btn-primary" disabled={busy || !!publishedId} onClick={publish}>
          Công bố kế hoạch
        </button>
      </div>
    </div>
  );
}
