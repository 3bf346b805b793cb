// The Trends view's logic, apart from the drawing: which ranges exist, how a
// TrendsReport becomes the column arrays uPlot draws, where the setback
// markers go and how big they are, the calendar's colour levels and the
// wording of the figures. Nothing here imports uPlot itself, so all of it can
// be tested without a canvas.

import type { BounceBackChart } from './bindings/BounceBackChart';
import type { BrsChart } from './bindings/BrsChart';
import type { CalendarChart } from './bindings/CalendarChart';
import type { DayCount } from './bindings/DayCount';
import type { Metrics } from './bindings/Metrics';
import type { MoodChart } from './bindings/MoodChart';
import type { RecoveryChart } from './bindings/RecoveryChart';
import type { SetbackMarker } from './bindings/SetbackMarker';
import type { TrendRange } from './bindings/TrendRange';
import { parseDay } from './dates';
import { daysText, formatHours, formatLongDay, formatOneDecimal, formatShortDay, signed } from './format';
import { labelOf } from './choices';

// ---------------------------------------------------------------------------
// Ranges
// ---------------------------------------------------------------------------

export const RANGES: ReadonlyArray<{ value: TrendRange; label: string }> = [
  { value: 'days30', label: '30 days' },
  { value: 'days90', label: '90 days' },
  { value: 'year', label: '1 year' },
  { value: 'all', label: 'All' },
];

export const DEFAULT_RANGE: TrendRange = 'year';

export function isTrendRange(value: unknown): value is TrendRange {
  return RANGES.some((r) => r.value === value);
}

/** A range from anywhere (a stored preference, a URL): unknown values fall back to the default. */
export function parseRange(value: unknown): TrendRange {
  return isTrendRange(value) ? value : DEFAULT_RANGE;
}

export function rangeLabel(range: TrendRange): string {
  return labelOf(RANGES, range);
}

// ---------------------------------------------------------------------------
// Days as chart x values
// ---------------------------------------------------------------------------

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A "YYYY-MM-DD" day as the Unix seconds of its local midnight: uPlot formats
 * time axes in the browser's zone, so local midnight keeps each label on its
 * own day. NaN for anything that is not a day.
 */
export function dayToSeconds(day: string): number {
  const m = DAY.exec(day);
  if (!m) {
    return Number.NaN;
  }
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() / 1000;
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(day: string): number {
  const date = parseDay(day);
  return date ? (date.getUTCDay() + 6) % 7 : 0;
}

// ---------------------------------------------------------------------------
// Mood and confidence, with setback markers
// ---------------------------------------------------------------------------

export type Column = Array<number | null>;

export interface MoodSeries {
  /** x: local-midnight seconds per day; then mood; then confidence. */
  data: [number[], Column, Column];
  markers: MarkerPoint[];
}

export interface MarkerPoint {
  id: number;
  title: string;
  day: string;
  impact: number;
  area: string;
  /** x in Unix seconds. */
  x: number;
  /** y on the 1–10 scale: that day's mood, else the nearest day's, else the middle. */
  y: number;
  /** Radius in CSS pixels. */
  radius: number;
}

export const MARKER_MIN_RADIUS = 4;
export const MARKER_MAX_RADIUS = 13;

/** The marker radius for an impact of 1 (a scratch) to 10 (life-changing); out-of-range impacts are clamped. */
export function markerRadius(impact: number): number {
  const clamped = Math.min(10, Math.max(1, Number.isFinite(impact) ? impact : 1));
  return MARKER_MIN_RADIUS + ((clamped - 1) / 9) * (MARKER_MAX_RADIUS - MARKER_MIN_RADIUS);
}

/** The value at `index`, else the nearest non-null one (earlier wins a tie), else null. */
export function nearestValue(values: readonly (number | null)[], index: number): number | null {
  for (let step = 0; step < values.length; step++) {
    const before = values[index - step];
    if (before !== undefined && before !== null) {
      return before;
    }
    const after = values[index + step];
    if (after !== undefined && after !== null) {
      return after;
    }
  }
  return null;
}

export function moodSeries(chart: MoodChart): MoodSeries {
  const xs = chart.days.map(dayToSeconds);
  const index = new Map(chart.days.map((day, i) => [day, i]));
  const markers: MarkerPoint[] = [];
  for (const marker of chart.markers) {
    const i = index.get(marker.day);
    if (i === undefined) {
      // Outside the drawn days: there is nowhere honest to put it.
      continue;
    }
    markers.push(markerPoint(marker, xs[i] ?? Number.NaN, nearestValue(chart.mood, i) ?? 5.5));
  }
  return {
    data: [xs, chart.days.map((_, i) => chart.mood[i] ?? null), chart.days.map((_, i) => chart.confidence[i] ?? null)],
    markers,
  };
}

function markerPoint(marker: SetbackMarker, x: number, y: number): MarkerPoint {
  return { ...marker, x, y, radius: markerRadius(marker.impact) };
}

/** The marker under a point (CSS pixels), given a way to place markers; the topmost (last drawn) wins. */
export function markerAt(
  markers: readonly MarkerPoint[],
  left: number,
  top: number,
  place: (marker: MarkerPoint) => { cx: number; cy: number },
  slack = 3,
): MarkerPoint | null {
  for (let i = markers.length - 1; i >= 0; i--) {
    const marker = markers[i];
    if (marker === undefined) {
      continue;
    }
    const { cx, cy } = place(marker);
    if (Math.hypot(cx - left, cy - top) <= marker.radius + slack) {
      return marker;
    }
  }
  return null;
}

export function markerText(marker: { title: string; impact: number; day: string }): string {
  return `${marker.title} — impact ${marker.impact} of 10, ${formatShortDay(marker.day)}`;
}

// ---------------------------------------------------------------------------
// Recovery time, bounce-back curves, BRS
// ---------------------------------------------------------------------------

/**
 * Lines up series that have their own x values on one shared, sorted x axis
 * (uPlot draws columns of equal length); each series is null where it has no
 * value. Repeated x values within a series keep the last one.
 */
export function alignSeries(series: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): [number[], ...Column[]] {
  const xs = [...new Set(series.flatMap((s) => s.map(([x]) => x)).filter(Number.isFinite))].sort((a, b) => a - b);
  const position = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const column: Column = xs.map(() => null);
    for (const [x, y] of s) {
      const i = position.get(x);
      if (i !== undefined) {
        column[i] = y;
      }
    }
    return column;
  });
  return [xs, ...columns];
}

/** Recovery days per setback (those still recovering are left out) and the quarterly median line. */
export function recoverySeries(chart: RecoveryChart): [number[], Column, Column] {
  const points = chart.points.flatMap((p) => (p.days === null ? [] : [[dayToSeconds(p.happenedOn), p.days] as const]));
  const trend = chart.trend.map((q) => [dayToSeconds(q.midDay), q.medianDays] as const);
  const [xs, a = [], b = []] = alignSeries([points, trend]);
  return [xs, a, b];
}

/** Offsets 0…28 on x, one delta column per curve. */
export function bounceSeries(chart: BounceBackChart): [number[], ...Column[]] {
  const longest = Math.max(28, ...chart.curves.flatMap((c) => c.offsets));
  const xs = Array.from({ length: longest + 1 }, (_, i) => i);
  const columns = chart.curves.map((curve) => {
    const column: Column = xs.map(() => null);
    curve.offsets.forEach((offset, i) => {
      const value = curve.delta[i];
      if (offset >= 0 && offset <= longest && value !== undefined) {
        column[offset] = value;
      }
    });
    return column;
  });
  return [xs, ...columns];
}

export function brsSeries(chart: BrsChart): [number[], Column] {
  const [xs, scores = []] = alignSeries([chart.points.map((p) => [dayToSeconds(p.day), p.score] as const)]);
  return [xs, scores];
}

/** Whether a uPlot column set has anything to draw. */
export function hasValues(data: ReadonlyArray<ReadonlyArray<number | null>>): boolean {
  return data.slice(1).some((column) => column.some((v) => v !== null && Number.isFinite(v)));
}

// ---------------------------------------------------------------------------
// The calendar heatmap
// ---------------------------------------------------------------------------

/** 0 (no check-in) to 4 (four or more): the cell's colour class is `level-<n>`. */
export function heatLevel(count: number): 0 | 1 | 2 | 3 | 4 {
  if (!Number.isFinite(count) || count <= 0) {
    return 0;
  }
  return Math.min(4, Math.floor(count)) as 1 | 2 | 3 | 4;
}

export interface CalendarCell {
  day: string;
  count: number;
  level: 0 | 1 | 2 | 3 | 4;
  label: string;
}

export interface CalendarLayout {
  /** Empty cells before the first day so that rows are weekdays (Monday first). */
  leading: number;
  cells: CalendarCell[];
  /** Month labels with the week column (0-based) they start in. */
  months: Array<{ label: string; column: number }>;
  /** One entry per week column: the month starting there, else "". */
  header: string[];
}

const monthName = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'short' });

export function calendarLayout(chart: CalendarChart): CalendarLayout {
  const first = chart.days[0];
  const leading = first === undefined ? 0 : weekdayIndex(first.day);
  const months: CalendarLayout['months'] = [];
  let lastMonth = '';
  chart.days.forEach((d, i) => {
    const month = d.day.slice(0, 7);
    if (month !== lastMonth) {
      lastMonth = month;
      const date = parseDay(d.day);
      const column = Math.floor((i + leading) / 7);
      if (date) {
        // A label needs about three columns; a month starting sooner after
        // the previous label (the partial first month) replaces it.
        const previous = months[months.length - 1];
        if (previous !== undefined && column - previous.column < 3) {
          months.pop();
        }
        months.push({ label: monthName.format(date), column });
      }
    }
  });
  const columns = Math.ceil((leading + chart.days.length) / 7);
  const header = Array.from({ length: columns }, () => '');
  for (const m of months) {
    header[m.column] = m.label;
  }
  return { leading, cells: chart.days.map(calendarCell), months, header };
}

export function calendarCell(d: DayCount): CalendarCell {
  const label = `${formatLongDay(d.day)}: ${d.count === 0 ? 'no check-ins' : d.count === 1 ? '1 check-in' : `${d.count} check-ins`}`;
  return { day: d.day, count: d.count, level: heatLevel(d.count), label };
}

/** Check-ins per month, for the calendar's table. */
export function calendarByMonth(chart: CalendarChart): Array<{ month: string; label: string; days: number; checkIns: number }> {
  const rows = new Map<string, { month: string; label: string; days: number; checkIns: number }>();
  for (const d of chart.days) {
    const month = d.day.slice(0, 7);
    let row = rows.get(month);
    if (row === undefined) {
      const date = parseDay(`${month}-01`);
      row = {
        month,
        label: date ? new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(date) : month,
        days: 0,
        checkIns: 0,
      };
      rows.set(month, row);
    }
    if (d.count > 0) {
      row.days += 1;
      row.checkIns += d.count;
    }
  }
  return [...rows.values()];
}

// ---------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------

export interface MetricFigure {
  key: keyof Metrics;
  label: string;
  /** The value in words, or "—". */
  value: string;
  /** Why there is no value yet, or a short gloss of the value. */
  note: string;
  defined: boolean;
}

const percent = (n: number): string => `${Math.round(n * 100)}%`;

export function metricFigures(m: Metrics): MetricFigure[] {
  const figure = (
    key: keyof Metrics,
    label: string,
    value: number | null,
    format: (n: number) => string,
    note: string,
    reason: string,
  ): MetricFigure =>
    value === null || !Number.isFinite(value)
      ? { key, label, value: '—', note: reason, defined: false }
      : { key, label, value: format(value), note, defined: true };
  return [
    figure('medianRecoveryDays', 'Median recovery', m.medianRecoveryDays, daysText, 'from setback to “bounced back”', 'no setback marked as bounced back yet'),
    figure(
      'meanBounceForward',
      'Bounce forward',
      m.meanBounceForward,
      signed,
      'mood a month after, compared with before',
      'needs check-ins before and after a setback',
    ),
    figure('medianHoursToReflection', 'Time to reflect', m.medianHoursToReflection, formatHours, 'median, setback to first reflection', 'no reflections completed yet'),
    figure('reflectionRate', 'Reflected on', m.reflectionRate, percent, 'of setbacks', 'no setbacks in this period'),
    figure('lessonsPerSetback', 'Lessons per setback', m.lessonsPerSetback, formatOneDecimal, 'on average', 'no setbacks in this period'),
    figure('lessonApplicationRate', 'Lessons applied', m.lessonApplicationRate, percent, 'applied or validated', 'no lessons drawn yet'),
    {
      key: 'repeatSetbacks',
      label: 'Repeat setbacks',
      value: String(m.repeatSetbacks),
      note: m.repeatSetbacks === 1 ? 'one setback like an earlier one' : 'setbacks like an earlier one',
      defined: true,
    },
  ];
}

/** A label shortened with an ellipsis to at most `max` characters (at least one and the ellipsis). */
export function fitLabel(label: string, max: number): string {
  const limit = Math.max(2, Math.floor(max));
  const chars = [...label];
  return chars.length <= limit ? label : `${chars.slice(0, limit - 1).join('').trimEnd()}…`;
}

/** A number for a table cell: one decimal, "—" when there is none. */
export function cell(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : formatOneDecimal(value);
}

export function funnelRows(f: { setbacks: number; reflected: number; withLessons: number; applied: number }): Array<{
  key: string;
  label: string;
  count: number;
  share: string;
}> {
  const share = (n: number): string => (f.setbacks === 0 ? '—' : percent(n / f.setbacks));
  return [
    { key: 'setbacks', label: 'Setbacks', count: f.setbacks, share: share(f.setbacks) },
    { key: 'reflected', label: 'Reflected on', count: f.reflected, share: share(f.reflected) },
    { key: 'withLessons', label: 'With lessons', count: f.withLessons, share: share(f.withLessons) },
    { key: 'applied', label: 'Lesson applied', count: f.applied, share: share(f.applied) },
  ];
}
