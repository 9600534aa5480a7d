// ui.tsx: the small shared pieces every page uses: loading a resource with
// its three states (loading, failed, ready), the Vietnamese error and
// "not available on this server" notices, status badges, page headings that
// take focus on navigation (screen readers announce the new page), and the
// lazy loader that keeps chart pages out of the first download, and the
// wrapper that lets a wide table scroll sideways on a phone.
import type { ComponentChildren, ComponentType, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { hasNavigated } from './router';
import { statusLabel, statusTone } from './vn';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Run fn whenever deps change; stale answers of an earlier run are dropped. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  // The render in which deps change comes before the effect that starts the
  // new call: without this it would show the old data as current (a search
  // box briefly announcing "found N" with the unfiltered N).
  const started = useRef<unknown[] | null>(null);
  const stale = started.current === null || started.current.length !== deps.length || deps.some((d, i) => !Object.is(d, started.current![i]));
  useEffect(() => {
    started.current = deps;
    const id = ++run.current;
    setState((s) => ({ data: s.data, loading: true }));
    fn().then(
      (data) => id === run.current && setState({ data, loading: false }),
      (error) => id === run.current && setState({ error, loading: false }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading || stale, reload };
}

export function Loading({ label = 'Đang tải dữ liệu…' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** Explains a failed call in Vietnamese; a missing route is "not available", not an error. */
export function ErrorNotice({ error, what, onRetry, doing }: { error: unknown; what?: string; onRetry?: () => void; doing?: boolean }) {
  if (error instanceof ApiError && error.notAvailable && !/\/\d+$/.test(error.path)) {
    return (
      <div class="notice notice-na" role="status" data-state="not-available">
        <strong>Chức năng chưa có trên máy chủ này.</strong>{' '}
        {what ? `Máy chủ chưa cung cấp ${what}` : 'Máy chủ chưa cung cấp dữ liệu này'} (mã {error.status},{' '}
        <code>{error.path.split('?')[0]}</code>). Khi chức năng được cài đặt, trang sẽ hiển thị số liệu thật.
      </div>
    );
  }
  const message = error instanceof ApiError ? error.message : 'Đã xảy ra lỗi không mong muốn.';
  return (
    <div class="notice notice-error" role="alert" data-state="error">
      <strong>{doing ? 'Không thực hiện được' : 'Không tải được'}{what ? ` ${what}` : ' dữ liệu'}.</strong> {message}
      {onRetry && (
        <>
          {' '}
          <button type="button" class="btn btn-small" onClick={onRetry}>
            Thử lại
          </button>
        </>
      )}
    </div>
  );
}

/** Renders children(data) once loaded; the loading and error states otherwise. */
export function Async<T>({ state, what, children }: { state: AsyncState<T>; what?: string; children: (data: T) => ComponentChildren }) {
  if (state.error) return <ErrorNotice error={state.error} what={what} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return <>{children(state.data)}</>;
}

export function StatusBadge({ status }: { status?: string | null }) {
  return <span class={`badge badge-${statusTone(status)}`}>{statusLabel(status)}</span>;
}

/** The page's h1. After a navigation it takes focus, so assistive technology
 *  reads the new page; on the first load focus stays at the top, where the
 *  skip link is the first Tab stop. */
export function PageTitle({ children, sub }: { children: ComponentChildren; sub?: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const text = ref.current?.textContent ?? '';
    document.title = `${text} — nq57`;
    if (hasNavigated()) ref.current?.focus({ preventScroll: false });
  }, [typeof children === 'string' ? children : '']);
  return (
    <header class="page-head">
      <h1 ref={ref} tabIndex={-1}>
        {children}
      </h1>
      {sub && <p class="page-sub">{sub}</p>}
    </header>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** Load a page module on first use; chart pages stay out of the first bundle. */
export function lazyPage<P>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<unknown> | null = null;
  return function LazyPage(props: P) {
    const [, force] = useState(0);
    const [failed, setFailed] = useState(false);
    if (loaded) {
      const C = loaded as ComponentType<any>;
      return <C {...(props as object)} />;
    }
    if (!pending) pending = load().then((m) => (loaded = m.default));
    pending.then(
      () => force((n) => n + 1),
      () => setFailed(true),
    );
    if (failed) return <div class="notice notice-error" role="alert">Không tải được trang. Vui lòng tải lại trình duyệt.</div>;
    return <Loading label="Đang mở trang…" />;
  };
}

/** A labelled form field; the label is always visible and tied to the control. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: JSX.Element }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <small class="hint" id={`${id}-hint`}>
          {hint}
        </small>
      )}
    </div>
  );
}

export function Stat({ label, value, tone }: { label: string; value: ComponentChildren; tone?: string }) {
  return (
    <div class={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span class="stat-value">{value}</span>
      <span class="stat-label">{label}</span>
    </div>
  );
}

/** A date typed as dd/mm/yyyy (the native date input follows the browser's
 *  language, often mm/dd/yyyy); value and onChange are ISO YYYY-MM-DD. */
export function DateInput({ id, value, onChange, describedBy }: { id: string; value: string | null | undefined; onChange: (iso: string | null) => void; describedBy?: string }) {
  const toText = (iso: string | null | undefined) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
    return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
  };
  const [text, setText] = useState(toText(value));
  const [bad, setBad] = useState(false);
  useEffect(() => setText(toText(value)), [value]);
  const commit = (raw: string) => {
    const t = raw.trim();
    if (!t) {
      setBad(false);
      onChange(null);
      return;
    }
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    const d = m ? new Date(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : null;
    if (!m || !d || d.getDate() !== Number(m[1]) || d.getMonth() !== Number(m[2]) - 1) {
      setBad(true);
      return;
    }
    setBad(false);
    onChange(`${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`);
  };
  return (
    <>
      <input
        id={id}
        inputMode="numeric"
        placeholder="dd/mm/yyyy"
        value={text}
        aria-invalid={bad ? 'true' : undefined}
        aria-describedby={describedBy}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
      />
      {bad && (
        <small class="field-error" role="alert">
          Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm, ví dụ 09/10/2025.
        </small>
      )}
    </>
  );
}

/** A table that may be wider than the screen (a phone at 360 px). When it
 *  overflows, the wrapper scrolls and becomes a named, focusable region, so
 *  keyboard users can scroll it with the arrow keys (WCAG 2.1.1); when it
 *  fits, it adds no Tab stop. */
export function TableWrap({ label, extraClass, children }: { label: string; extraClass?: string; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      class={extraClass ? `table-wrap ${extraClass}` : 'table-wrap'}
      role={scrolls ? 'region' : undefined}
      aria-label={scrolls ? label : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      {children}
    </div>
  );
}
