// chart.js, tree-shaken: register only the pieces these three charts use. Time axes use
// chartjs-adapter-date-fns, pinned to UTC here: its format/parse take the `{ in: utc }` context from
// the scale's adapter options, and its day/week arithmetic (which it does in the machine's zone) is
// replaced by the same functions with `{ in: utc }`, so ticks fall on UTC midnights everywhere.
import { utc } from '@date-fns/utc';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, PointElement, ScatterController, TimeScale, Tooltip, _adapters, type Plugin } from 'chart.js';
import 'chartjs-adapter-date-fns';
import {
  addDays,
  addHours,
  addMonths,
  addWeeks,
  addYears,
  differenceInDays,
  differenceInHours,
  differenceInMonths,
  differenceInWeeks,
  differenceInYears,
  endOfDay,
  endOfHour,
  endOfMonth,
  endOfWeek,
  endOfYear,
  startOfDay,
  startOfHour,
  startOfMonth,
  startOfWeek,
  startOfYear,
} from 'date-fns';

Chart.register(BarController, BarElement, ScatterController, PointElement, CategoryScale, LinearScale, TimeScale, Tooltip, Legend);

const IN_UTC = { in: utc } as const;
type Unit = 'millisecond' | 'second' | 'minute' | 'hour' | 'day' | 'week' | 'isoWeek' | 'month' | 'quarter' | 'year';
const ms = (d: Date | number) => (typeof d === 'number' ? d : d.getTime());

_adapters._date.override({
  add(time: number, amount: number, unit: Unit) {
    switch (unit) {
      case 'hour':
        return ms(addHours(time, amount, IN_UTC));
      case 'day':
        return ms(addDays(time, amount, IN_UTC));
      case 'week':
      case 'isoWeek':
        return ms(addWeeks(time, amount, IN_UTC));
      case 'month':
        return ms(addMonths(time, amount, IN_UTC));
      case 'quarter':
        return ms(addMonths(time, amount * 3, IN_UTC));
      case 'year':
        return ms(addYears(time, amount, IN_UTC));
      default:
        // Units below an hour have no zone: plain milliseconds.
        return time + amount * ({ millisecond: 1, second: 1e3, minute: 6e4 } as Record<string, number>)[unit]!;
    }
  },
  diff(max: number, min: number, unit: Unit) {
    switch (unit) {
      case 'hour':
        return differenceInHours(max, min, IN_UTC);
      case 'day':
        return differenceInDays(max, min, IN_UTC);
      case 'week':
      case 'isoWeek':
        return differenceInWeeks(max, min, IN_UTC);
      case 'month':
        return differenceInMonths(max, min, IN_UTC);
      case 'year':
        return differenceInYears(max, min, IN_UTC);
      default:
        return (max - min) / ({ millisecond: 1, second: 1e3, minute: 6e4 } as Record<string, number>)[unit]!;
    }
  },
  startOf(time: number, unit: Unit, weekday?: number) {
    switch (unit) {
      case 'hour':
        return ms(startOfHour(time, IN_UTC));
      case 'day':
        return ms(startOfDay(time, IN_UTC));
      case 'week':
        return ms(startOfWeek(time, IN_UTC));
      case 'isoWeek':
        return ms(startOfWeek(time, { ...IN_UTC, weekStartsOn: (Number(weekday) || 0) as 0 }));
      case 'month':
        return ms(startOfMonth(time, IN_UTC));
      case 'year':
        return ms(startOfYear(time, IN_UTC));
      default:
        return time;
    }
  },
  endOf(time: number, unit: Unit) {
    switch (unit) {
      case 'hour':
        return ms(endOfHour(time, IN_UTC));
      case 'day':
        return ms(endOfDay(time, IN_UTC));
      case 'week':
        return ms(endOfWeek(time, IN_UTC));
      case 'month':
        return ms(endOfMonth(time, IN_UTC));
      case 'year':
        return ms(endOfYear(time, IN_UTC));
      default:
        return time;
    }
  },
} as never);

/** Scale options that make the date adapter format in UTC. */
export const UTC_ADAPTER = { date: IN_UTC };

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
      ctx.restore();
    },
  };
}
