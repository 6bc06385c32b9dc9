// chart.js, tree-shaken: register only the pieces these three charts use.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip, type Plugin } from 'chart.js';

Chart.register(BarController, BarElement, ScatterController, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

export { Chart };
export type { ChartConfiguration } from 'chart.js';

/** Shaded look-back windows drawn behind the data. `span(w)` gives the pixel range to fill. */
export function windowShading(windows: number[], span: (chart: Chart, w: number) => { from: number; to: number } | undefined, colors: { fill: string; line: string; text: string }): Plugin {
  return {
    id: 'credauditWindows',
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea } = chart;
      ctx.save();
      const sorted = [...windows].sort((a, b) => b - a);
      for (const w of sorted) {
        const s = span(chart, w);
        if (!s) continue;
        const left = Math.max(chartArea.left, Math.min(s.from, s.to));
        const right = Math.min(chartArea.right, Math.max(s.from, s.to));
        if (right <= left) continue;
        ctx.fillStyle = colors.fill;
        ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
        // The window's far edge: a dashed line and its label.
        // Clamped into the plot so a window that starts at the left edge is still labelled.
        const edge = Math.max(chartArea.left, Math.min(chartArea.right, s.from));
        {
          ctx.strokeStyle = colors.line;
          ctx.setLineDash([5, 4]);
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.moveTo(edge, chartArea.top);
          ctx.lineTo(edge, chartArea.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.fillStyle = colors.text;
          ctx.font = '12px system-ui, sans-serif';
          ctx.textBaseline = 'top';
          ctx.fillText(`${w} d`, edge + 3, chartArea.top + 2);
        }
      }
      ctx.restore();
    },
  };
}
