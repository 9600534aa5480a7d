// charts.tsx: a Preact wrapper around ECharts that imports only the parts the
// dashboards use (bar, pie, line; grid, tooltip, legend, aria; canvas), so the
// chart code is one lazily loaded chunk. Tooltips render as rich text inside
// the canvas, not as HTML with inline styles, which the CSP would refuse.
// Every chart carries an aria description and, beside it, a data table.
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

export function EChart({ option, label, tall }: { option: ChartOption; label: string; tall?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    chart.current = echarts.init(box.current, undefined, { renderer: 'canvas' });
    const onResize = () => chart.current?.resize();
    addEventListener('resize', onResize);
    return () => {
      removeEventListener('resize', onResize);
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        aria: { enabled: true, label: { description: label } },
        tooltip: { renderMode: 'richText', confine: true },
        textStyle: { fontFamily: 'inherit' },
        animation: false,
        ...option,
      },
      true,
    );
  }, [option, label]);
  return <div ref={box} class={tall ? 'chart chart-tall' : 'chart'} role="img" aria-label={label} />;
}
