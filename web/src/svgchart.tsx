// svgchart.tsx: the dashboard's three small charts (a donut, horizontal
// stacked bars, two lines) drawn as SVG by Preact. Without a chart library
// to download and compile (ECharts is 560 kB), the dashboard is interactive
// as soon as its figures arrive, also on a ward's slow line. Colours are SVG
// presentation attributes, which the CSP allows (unlike style attributes);
// every mark has a <title> (the browser's tooltip); every chart an aria label
// and, beside it, a data table.

export interface Series {
  name: string;
  color: string;
}

function Legend({ items }: { items: (Series & { value?: string })[] }) {
  return (
    <ul class="svg-legend">
      {items.map((s) => (
        <li key={s.name}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="2" fill={s.color} />
          </svg>{' '}
          {s.name}
          {s.value !== undefined ? `: ${s.value}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** A ring of slices, each a dashed stroke of one circle (no arc geometry). */
export function Donut({ slices, label, fmt }: { slices: (Series & { value: number })[]; label: string; fmt: (n: number) => string }) {
  const total = slices.reduce((a, s) => a + s.value, 0);
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  return (
    <div class="svgchart">
      <svg viewBox="0 0 200 200" width="100%" height="220" role="img" aria-label={label}>
        <g transform="rotate(-90 100 100)">
          {slices.map((s) => {
            const len = total ? (s.value / total) * c : 0;
            const arc = (
              <circle key={s.name} cx="100" cy="100" r={r} fill="none" stroke={s.color} stroke-width="34" stroke-dasharray={`${len} ${c - len}`} stroke-dashoffset={-offset}>
                <title>{`${s.name}: ${fmt(s.value)}`}</title>
              </circle>
            );
            offset += len;
            return arc;
          })}
        </g>
        <text x="100" y="106" text-anchor="middle" font-size="20" font-weight="700" fill="currentColor">
          {fmt(total)}
        </text>
      </svg>
      <Legend items={slices.map((s) => ({ ...s, value: fmt(s.value) }))} />
    </div>
  );
}

/** One bar per row, its segments stacked in series order. */
export function StackedBars({ rows, series, label, fmt }: { rows: { name: string; values: number[] }[]; series: Series[]; label: string; fmt: (n: number) => string }) {
  const labelW = 220;
  const barW = 370;
  const rowH = 26;
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const short = (s: string) => (s.length > 28 ? `${s.slice(0, 27)}…` : s);
  return (
    <div class="svgchart">
      <svg viewBox={`0 0 ${labelW + barW + 60} ${rows.length * rowH + 4}`} width="100%" role="img" aria-label={label}>
        {rows.map((row, i) => {
          const total = row.values.reduce((a, b) => a + b, 0);
          let x = labelW;
          const y = i * rowH + 2;
          return (
            <g key={row.name}>
              <text x={labelW - 6} y={y + 16} text-anchor="end" font-size="13" fill="currentColor">
                <title>{row.name}</title>
                {short(row.name)}
              </text>
              {row.values.map((v, k) => {
                const w = (v / max) * barW;
                const seg = (
                  <rect key={k} x={x} y={y + 3} width={w} height={rowH - 8} fill={series[k].color}>
                    <title>{`${row.name} — ${series[k].name}: ${fmt(v)}`}</title>
                  </rect>
                );
                x += w;
                return seg;
              })}
              <text x={x + 4} y={y + 16} font-size="13" fill="currentColor">
                {fmt(total)}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend items={series} />
    </div>
  );
}

/** Lines over the same x labels, each on the left or the right scale. */
export function Lines({ x, lines, label, fmt }: { x: string[]; lines: (Series & { values: number[]; right?: boolean; max?: number })[]; label: string; fmt: (n: number) => string }) {
  const W = 600;
  const H = 220;
  const pad = { l: 44, r: 52, t: 12, b: 28 };
  const innerW = W - pad.l - pad.r;
  const innerH = H - pad.t - pad.b;
  const xAt = (i: number) => pad.l + (x.length > 1 ? (i / (x.length - 1)) * innerW : innerW / 2);
  const maxOf = (right: boolean) => {
    const l = lines.filter((s) => !!s.right === right);
    return Math.max(1, ...l.map((s) => s.max ?? Math.max(...s.values)));
  };
  const scale = { left: maxOf(false), right: maxOf(true) };
  const yAt = (v: number, right?: boolean) => pad.t + innerH - (v / (right ? scale.right : scale.left)) * innerH;
  return (
    <div class="svgchart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={pad.l} x2={W - pad.r} y1={pad.t + innerH * (1 - f)} y2={pad.t + innerH * (1 - f)} stroke="#d1d5db" stroke-width="1" />
            <text x={pad.l - 6} y={pad.t + innerH * (1 - f) + 4} text-anchor="end" font-size="11" fill="currentColor">
              {fmt(Math.round(scale.left * f))}
            </text>
            {lines.some((s) => s.right) && (
              <text x={W - pad.r + 6} y={pad.t + innerH * (1 - f) + 4} font-size="11" fill="currentColor">
                {fmt(Math.round(scale.right * f))}
              </text>
            )}
          </g>
        ))}
        {x.map((label, i) => (
          <text key={label} x={xAt(i)} y={H - 8} text-anchor="middle" font-size="10" fill="currentColor">
            {label}
          </text>
        ))}
        {lines.map((s) => (
          <g key={s.name}>
            <polyline fill="none" stroke={s.color} stroke-width="2.5" points={s.values.map((v, i) => `${xAt(i)},${yAt(v, s.right)}`).join(' ')} />
            {s.values.map((v, i) => (
              <circle key={i} cx={xAt(i)} cy={yAt(v, s.right)} r="3.5" fill={s.color}>
                <title>{`${x[i]} — ${s.name}: ${fmt(v)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <Legend items={lines} />
    </div>
  );
}
