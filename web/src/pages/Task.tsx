// Task.tsx: one task with its agencies, schedule and status, the tasks above
// and below it in the cascade, its progress updates with evidence, and the
// audit trail of every change made to it.
import { api, ApiError, unitName, type AuditEntry, type Task, type TaskUpdate } from '../api';
import { useState } from 'preact/hooks';
import { href } from '../router';
import { hasRole, useSession } from '../session';
import { Async, Empty, ErrorNotice, Loading, PageTitle, StatusBadge, TableWrap, useAsync } from '../ui';
import { FIELD_ORDER, fieldLabel, fmtDate, fmtDateTime, fmtPercent, scheduleKindLabel } from '../vn';

export function TaskPage({ id }: { id: number }) {
  const task = useAsync(() => api.task(id), [id]);
  return (
    <Async state={task} what="nhiệm vụ">
      {(t) => <TaskView task={t} onChanged={task.reload} />}
    </Async>
  );
}

/** The task's field (lĩnh vực), with a picker for those who may edit tasks. */
function FieldEditor({ task, onChanged }: { task: Task; onChanged: () => void }) {
  const { user, mode } = useSession();
  const mayEdit = mode === 'open' || hasRole(user, 'aggregator');
  const [value, setValue] = useState(task.field ?? 'other');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');
  if (!mayEdit || task.version === undefined) return <span data-testid="task-field">{fieldLabel(task.field)}</span>;
  const save = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    setError('');
    try {
      await api.patchTask(task.id, task.version!, { field: value });
      onChanged();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form class="field-inline" onSubmit={save}>
      <span data-testid="task-field">{fieldLabel(task.field)}</span>{' '}
      <label for="task-field-edit" class="sr-only">
        Đổi lĩnh vực
      </label>
      <select id="task-field-edit" value={value} onChange={(e) => setValue(e.currentTarget.value)}>
        {FIELD_ORDER.map((f) => (
          <option key={f} value={f}>
            {fieldLabel(f)}
          </option>
        ))}
      </select>{' '}
      <button type="submit" disabled={saving || value === (task.field ?? 'other')}>
        {saving ? 'Đang lưu…' : 'Lưu lĩnh vực'}
      </button>
      {error && (
        <span class="reason" role="alert">
          {' '}
          Không lưu được: {error}
        </span>
      )}
    </form>
  );
}

function TaskView({ task, onChanged }: { task: Task; onChanged: () => void }) {
  // The full list when the server has it; the task's latest updates otherwise.
  const updatesState = useAsync<TaskUpdate[]>(
    () =>
      api.taskUpdates(task.id).catch((e) => {
        if (e instanceof ApiError && e.notAvailable) return task.progress ?? task.updates ?? [];
        throw e;
      }),
    [task.id],
  );
  const updates = updatesState.data ?? task.progress ?? task.updates ?? [];
  const evidence = updates.filter((u) => u.evidence);
  const audit = useAsync<AuditEntry[]>(() => api.taskAudit(task.id), [task.id]);
  const s = task.schedule;
  return (
    <article>
      <nav class="crumbs" aria-label="Vị trí">
        <a href={href('/plans')}>Kế hoạch</a>
        {task.plan_id && (
          <>
            {' › '}
            <a href={href(`/plans/${task.plan_id}`)}>{task.plan?.number ?? task.plan_number ?? `Kế hoạch ${task.plan_id}`}</a>
          </>
        )}
        {' › '}
        <span>Nhiệm vụ {task.code ?? task.id}</span>
      </nav>
      <PageTitle>{task.title}</PageTitle>
      <dl class="facts card">
        <dt>Mã nhiệm vụ</dt>
        <dd>{task.code ?? '—'}</dd>
        <dt>Tình trạng</dt>
        <dd>
          <StatusBadge status={task.status} />
          {task.status_reason && <span class="reason"> {task.status_reason}</span>}
        </dd>
        <dt>Tiến độ</dt>
        <dd>
          {typeof task.percent === 'number' ? (
            <>
              <progress max={100} value={task.percent} aria-label="Tiến độ" /> {fmtPercent(task.percent)}
            </>
          ) : (
            'Chưa có báo cáo'
          )}
        </dd>
        <dt>Cơ quan chủ trì</dt>
        <dd>{task.lead?.length ? task.lead.map(unitName).join('; ') : 'Chưa giao'}</dd>
        <dt>Cơ quan phối hợp</dt>
        <dd>{task.support?.length ? task.support.map(unitName).join('; ') : '—'}</dd>
        {task.oversight && task.oversight.length > 0 && (
          <>
            <dt>Cơ quan tham mưu</dt>
            <dd>{task.oversight.map(unitName).join('; ')}</dd>
          </>
        )}
        <dt>Thời gian</dt>
        <dd>
          {task.timeline ?? '—'}
          {s && (s.start || s.due) && (
            <span class="meta">
              {' '}
              ({scheduleKindLabel(s.kind)}
              {s.start ? `, từ ${fmtDate(s.start)}` : ''}
              {s.due ? `, hạn ${fmtDate(s.due)}` : ''})
            </span>
          )}
        </dd>
        <dt>Lĩnh vực</dt>
        <dd>
          <FieldEditor task={task} onChanged={onChanged} />
        </dd>
      </dl>

      {task.parent_task_id && !task.parent && (
        <p>
          <a href={href(`/tasks/${task.parent_task_id}`)}>Nhiệm vụ cấp trên mà nhiệm vụ này triển khai</a>
        </p>
      )}
      {(task.parent || (task.children && task.children.length > 0)) && (
        <section class="card">
          <h2 class="h3">Liên kết theo tầng kế hoạch</h2>
          {task.parent && (
            <p>
              Thực hiện nhiệm vụ cấp trên:{' '}
              <a href={href(`/tasks/${task.parent.id}`)}>
                {task.parent.code} {task.parent.title}
              </a>
            </p>
          )}
          {task.children && task.children.length > 0 && (
            <>
              <p>Nhiệm vụ cấp dưới triển khai:</p>
              <ul>
                {task.children.map((c) => (
                  <li key={c.id}>
                    <a href={href(`/tasks/${c.id}`)}>
                      {c.code} {c.title}
                    </a>{' '}
                    {c.status && <StatusBadge status={c.status} />}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      <section>
        <h2>Cập nhật tiến độ</h2>
        {((list: TaskUpdate[]) =>
            list.length === 0 ? (
              <Empty>Chưa có báo cáo tiến độ cho nhiệm vụ này.</Empty>
            ) : (
              <ol class="timeline">
                {list.map((u, i) => (
                  <li key={u.id ?? i} class="card">
                    <p class="meta">
                      {fmtDateTime(u.at ?? u.created_at)} {u.period ? `· Kỳ ${u.period}` : ''} {u.unit ? `· ${u.unit}` : ''}{' '}
                      {u.author ? `· ${u.author}` : ''}
                    </p>
                    <p>
                      {u.status && <StatusBadge status={u.status} />} {typeof u.percent === 'number' && fmtPercent(u.percent)}
                    </p>
                    {(u.results ?? u.result) && <p>{u.results ?? u.result}</p>}
                    {u.difficulties && (
                      <p>
                        <strong>Khó khăn, vướng mắc:</strong> {u.difficulties}
                      </p>
                    )}
                    {u.proposals && (
                      <p>
                        <strong>Kiến nghị, đề xuất:</strong> {u.proposals}
                      </p>
                    )}
                    {u.evidence && (
                      <p>
                        <strong>Sản phẩm, minh chứng:</strong> {u.evidence}
                      </p>
                    )}
                  </li>
                ))}
              </ol>
            ))(updates)}
      </section>

      <section>
        <h2>Sản phẩm, minh chứng</h2>
        {evidence.length > 0 ? (
          <ul>
            {evidence.map((u, i) => (
              <li key={u.id ?? i}>
                {u.evidence} <span class="meta">({fmtDate(u.at)}{u.unit ? `, ${u.unit}` : ''})</span>
              </li>
            ))}
          </ul>
        ) : task.evidence && task.evidence.length > 0 ? (
          <ul>
            {task.evidence.map((e, i) => (
              <li key={e.id ?? i}>
                {e.url ? <a href={e.url}>{e.title ?? e.name ?? e.url}</a> : (e.title ?? e.name)}{' '}
                {e.created_at && <span class="meta">({fmtDate(e.created_at)})</span>}
              </li>
            ))}
          </ul>
        ) : (
          <Empty>Chưa có minh chứng.</Empty>
        )}
      </section>

      <section>
        <h2>Nhật ký thay đổi</h2>
        {audit.error ? (
          audit.error instanceof ApiError && audit.error.status === 403 ? (
            <p class="meta">Bạn không có quyền xem nhật ký của nhiệm vụ này.</p>
          ) : (
            <ErrorNotice error={audit.error} what="nhật ký thay đổi" />
          )
        ) : !audit.data ? (
          <Loading />
        ) : audit.data.length === 0 ? (
          <Empty>Chưa có thay đổi nào.</Empty>
        ) : (
          <TableWrap label="Nhật ký thay đổi của nhiệm vụ">
            <table>
              <caption class="sr-only">Nhật ký thay đổi của nhiệm vụ</caption>
              <thead>
                <tr>
                  <th scope="col">Thời điểm</th>
                  <th scope="col">Người thực hiện</th>
                  <th scope="col">Thao tác</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.map((a, i) => (
                  <tr key={a.id ?? i}>
                    <td>{fmtDateTime(a.at)}</td>
                    <td>{a.actor_name ?? '—'}</td>
                    <td>{auditActionLabel(a.action)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
    </article>
  );
}

const AUDIT_LABEL: Record<string, string> = {
  create: 'Tạo mới',
  update: 'Cập nhật',
  delete: 'Xóa',
  submit: 'Gửi báo cáo',
  approve: 'Thủ trưởng duyệt',
  accept: 'Tiếp nhận',
  return: 'Trả lại',
  publish: 'Công bố',
  import: 'Nhập từ văn bản',
};
function auditActionLabel(action: string): string {
  const key = action.split('.').pop() ?? action;
  return AUDIT_LABEL[key] ?? action;
}
