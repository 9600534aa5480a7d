// Indicator.tsx: one indicator: its targets by year, the values units have
// reported over time (chart and table), and its traffic light.
import { useMemo } from 'preact/hooks';
import { api, type Indicator } from '../api';
import { EChart, type ChartOption } from '../charts';
import { href } from '../router';
import { boundUnit, useSession } from '../session';
import { Async, Empty, PageTitle, TableWrap, useAsync } from '../ui';
import { fmtDate, fmtNumber, lightLabel } from '../vn';
import { targetsText } from './Indicators';

export default function IndicatorPage({ id }: { id: number; plan?: number }) {
  const unit = boundUnit(useSession().user);
  const ind = useAsync(() => api.indicator(id, unit), [id, unit]);
  return (
    <Async state={ind} what="chỉ tiêu">
      {(i) => <View i={i} />}
    </Async>
  );
}

type IndicatorValue = NonNullable<Indicator['values']>[number];

/** The latest value in words, for the chart's accessible summary. */
function latestText(v: IndicatorValue, unit?: string | null): string {
  const value = typeof v.value === 'number' ? fmtNumber(v.value) : v.value;
  return `kỳ gần nhất (${v.period ?? fmtDate(v.at)}): ${value}${unit ? ` ${unit}` : ''}`;
}

function View({ i }: { i: Indicator }) {
  const values = i.values ?? [];
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: values.map((v) => v.period ?? fmtDate(v.at)) },
      yAxis: { type: 'value' },
      series: [{ type: 'line', name: i.name, data: values.map((v) => Number(v.value)), itemStyle: { color: '#1d4ed8' } }],
    }),
    [i],
  );
  return (
    <article>
      <nav class="crumbs" aria-label="Vị trí">
        <a href={href('/indicators')}>Chỉ tiêu</a> › <span>{i.code ?? i.id}</span>
      </nav>
      <PageTitle sub={i.group ?? undefined}>{i.name}</PageTitle>
      <dl class="facts card">
        <dt>Mục tiêu</dt>
        <dd>{targetsText(i.targets)}</dd>
        <dt>Đơn vị tính</dt>
        <dd>{i.unit ?? '—'}</dd>
        <dt>Giá trị mới nhất</dt>
        <dd>
          {i.value ?? '—'} {i.value_at ? `(ngày ${fmtDate(i.value_at)})` : ''}
        </dd>
        <dt>Đánh giá</dt>
        <dd>
          <span class={`light light-${i.light ?? 'none'}`} aria-hidden="true" /> {lightLabel(i.light)}
        </dd>
        {i.owner && (
          <>
            <dt>Cơ quan theo dõi</dt>
            <dd>{i.owner}</dd>
          </>
        )}
      </dl>
      <section class="card">
        <h2 class="h3">Số liệu qua các kỳ</h2>
        {values.length === 0 ? (
          <Empty>Chưa có đơn vị nào báo cáo số liệu cho chỉ tiêu này.</Empty>
        ) : (
          <>
            <EChart
              option={option}
              label={`Giá trị của chỉ tiêu ${i.name} qua ${values.length} kỳ; ${latestText(values[values.length - 1], i.unit)}. Số liệu chi tiết ở bảng dưới.`}
            />
            <TableWrap label="Số liệu của chỉ tiêu qua các kỳ">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Kỳ</th>
                    <th scope="col">Giá trị</th>
                    <th scope="col">Đơn vị báo cáo</th>
                    <th scope="col">Ghi chú</th>
                  </tr>
                </thead>
                <tbody>
                  {values.map((v, k) => (
                    <tr key={k}>
                      <td>{v.period ?? fmtDate(v.at)}</td>
                      <td>{v.value}</td>
                      <td>{v.unit_name ?? '—'}</td>
                      <td>{v.note ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </section>
    </article>
  );
}
