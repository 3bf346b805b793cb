// uPlot options for the Trends charts. Colours come from the CSS custom
// properties in app.css, read when a chart is drawn, so light and dark differ
// only in the stylesheet. The data mapping lives in trends.ts.

import uPlot from 'uplot';
import { fitLabel, type MarkerPoint } from './trends';

const WEEK = 7 * 86_400;
/** A time range padded by a week each side, so edge points are not cut in half. */
const padded = (_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax =>
  min === null || max === null ? [min, max] : [min - WEEK, max + WEEK];

export interface ChartColors {
  mood: string;
  confidence: string;
  marker: string;
  markerStroke: string;
  trend: string;
  points: string;
  zero: string;
  grid: string;
  axis: string;
  bar: string;
  palette: string[];
  font: string;
}

const FALLBACK: ChartColors = {
  mood: '#2f6f5e',
  confidence: '#5b6fb5',
  marker: '#c0613f',
  markerStroke: '#ffffff',
  trend: '#1f2522',
  points: '#5b6fb5',
  zero: '#535b57',
  grid: '#e4e1d9',
  axis: '#535b57',
  bar: '#2f6f5e',
  palette: ['#2f6f5e', '#5b6fb5', '#b0603a', '#8a5a9e', '#7a7a2a', '#3a8aa0'],
  font: 'system-ui, sans-serif',
};

/** The chart colours of the current theme (call at draw time). */
export function readChartColors(root: Element = document.documentElement): ChartColors {
  const style = getComputedStyle(root);
  const get = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    mood: get('--chart-mood', FALLBACK.mood),
    confidence: get('--chart-confidence', FALLBACK.confidence),
    marker: get('--chart-marker', FALLBACK.marker),
    markerStroke: get('--chart-marker-stroke', FALLBACK.markerStroke),
    trend: get('--chart-trend', FALLBACK.trend),
    points: get('--chart-points', FALLBACK.points),
    zero: get('--chart-zero', FALLBACK.zero),
    grid: get('--chart-grid', FALLBACK.grid),
    axis: get('--chart-axis', FALLBACK.axis),
    bar: get('--chart-bar', FALLBACK.bar),
    palette: FALLBACK.palette.map((c, i) => get(`--chart-${i + 1}`, c)),
    font: get('--font-ui', FALLBACK.font),
  };
}

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

function axes(c: ChartColors, x: Partial<uPlot.Axis> = {}, y: Partial<uPlot.Axis> = {}): uPlot.Axis[] {
  const common: uPlot.Axis = {
    stroke: c.axis,
    font: `12px ${c.font}`,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1, size: 4 },
  };
  return [
    { ...common, ...x },
    { ...common, size: 40, ...y },
  ];
}

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
/** The x series of the day-based charts: a date in the legend, not a time of day. */
const daySeries: uPlot.Series = { label: 'Day', value: (_u, v) => (v === null ? '—' : dayFormat.format(new Date(v * 1000))) };

const dot = (fill: string, size = 6): uPlot.Series.Points => ({ show: true, size, fill, stroke: fill, width: 1 });

/** Mood and confidence lines, with the setback markers drawn by a hook on top. */
export function moodOptions(c: ChartColors, markers: readonly MarkerPoint[]): ChartOptions {
  return {
    scales: { x: { time: true }, y: { range: [1, 10] } },
    axes: axes(c, {}, { splits: () => [1, 4, 7, 10] }),
    series: [
      daySeries,
      { label: 'Mood', stroke: c.mood, width: 2, spanGaps: true, points: dot(c.mood, 4) },
      { label: 'Confidence', stroke: c.confidence, width: 1.5, dash: [6, 4], spanGaps: true, points: dot(c.confidence, 3) },
    ],
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    hooks: {
      draw: [
        (u) => {
          const ctx = u.ctx;
          const ratio = uPlot.pxRatio;
          ctx.save();
          for (const m of markers) {
            const cx = u.valToPos(m.x, 'x', true);
            const cy = u.valToPos(m.y, 'y', true);
            if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
            ctx.beginPath();
            ctx.arc(cx, cy, m.radius * ratio, 0, Math.PI * 2);
            ctx.globalAlpha = 0.75;
            ctx.fillStyle = c.marker;
            ctx.fill();
            ctx.globalAlpha = 1;
            ctx.lineWidth = 1.5 * ratio;
            ctx.strokeStyle = c.markerStroke;
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

/** Recovery days per setback as points, the quarterly median as a line. */
export function recoveryOptions(c: ChartColors): ChartOptions {
  return {
    scales: { x: { time: true, range: padded }, y: { range: (_u, _min, max) => [0, Math.max(7, Math.ceil((max ?? 0) * 1.1))] } },
    axes: axes(c, {}, { label: 'days', labelSize: 16, labelFont: `12px ${c.font}` }),
    series: [
      daySeries,
      { label: 'Days to bounce back', stroke: c.points, paths: () => null, points: dot(c.points, 8) },
      { label: 'Quarterly median', stroke: c.trend, width: 2.5, spanGaps: true, points: dot(c.trend, 6) },
    ],
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
}

/** Mood relative to baseline from day 0; the zero line drawn heavier than the grid. */
export function bounceOptions(c: ChartColors, titles: readonly string[]): ChartOptions {
  return {
    scales: {
      x: { time: false, range: [0, 28] },
      y: {
        range: (_u, min, max) => {
          const reach = Math.max(2, Math.ceil(Math.max(Math.abs(min ?? 0), Math.abs(max ?? 0))));
          return [-reach, reach];
        },
      },
    },
    axes: axes(c, { label: 'days after the setback', labelSize: 18, labelFont: `12px ${c.font}`, values: (_u, splits) => splits.map((s) => String(s)) }),
    series: [
      { label: 'Day' },
      ...titles.map((title, i) => ({
        label: title,
        stroke: c.palette[i % c.palette.length] ?? c.mood,
        width: 1.75,
        spanGaps: true,
        points: { show: false },
      })),
    ],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    hooks: {
      drawAxes: [
        (u) => {
          const y = u.valToPos(0, 'y', true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = c.zero;
          ctx.lineWidth = 2 * uPlot.pxRatio;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.restore();
        },
      ],
    },
  };
}

/** Setbacks per area as bars; x is the area's index, labelled with its name. */
export function areaOptions(c: ChartColors, names: readonly string[]): ChartOptions {
  const bars = uPlot.paths.bars?.({ size: [0.6, 64] });
  return {
    scales: { x: { time: false, range: [-0.5, names.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(3, Math.ceil(max ?? 0))] } },
    axes: axes(
      c,
      {
        splits: () => names.map((_, i) => i),
        // Each bar's name, shortened to the room a bar has (about 7 px a character).
        values: (u, splits) => splits.map((s) => fitLabel(names[s] ?? '', u.bbox.width / uPlot.pxRatio / Math.max(1, names.length) / 7)),
        grid: { show: false },
        space: 10,
      },
      { splits: (_u, _axis, _min, max) => Array.from({ length: Math.max(3, Math.ceil(max)) + 1 }, (_, i) => i).filter((v, _i, all) => all.length <= 8 || v % 2 === 0) },
    ),
    series: [
      { label: 'Area', value: (_u, v) => (v === null ? '' : (names[v] ?? '')) },
      { label: 'Setbacks', stroke: c.bar, fill: c.bar, width: 0, paths: bars, points: { show: false } },
    ],
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
  };
}

/** The Brief Resilience Scale over time on its own 1–5 axis. */
export function brsOptions(c: ChartColors): ChartOptions {
  return {
    scales: { x: { time: true, range: padded }, y: { range: [1, 5] } },
    axes: axes(c, {}, { splits: () => [1, 2, 3, 4, 5] }),
    series: [daySeries, { label: 'Resilience (BRS)', stroke: c.mood, width: 2, spanGaps: true, points: dot(c.mood, 7) }],
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
  };
}
