import { describe, expect, it } from 'vitest';
import type { BounceBackChart } from './bindings/BounceBackChart';
import type { CalendarChart } from './bindings/CalendarChart';
import type { MoodChart } from './bindings/MoodChart';
import type { RecoveryChart } from './bindings/RecoveryChart';
import {
  alignSeries,
  bounceSeries,
  brsSeries,
  calendarByMonth,
  calendarLayout,
  cell,
  dayToSeconds,
  DEFAULT_RANGE,
  fitLabel,
  funnelRows,
  hasValues,
  heatLevel,
  isTrendRange,
  markerAt,
  markerRadius,
  MARKER_MAX_RADIUS,
  MARKER_MIN_RADIUS,
  metricFigures,
  moodSeries,
  nearestValue,
  parseRange,
  RANGES,
  rangeLabel,
  recoverySeries,
  weekdayIndex,
} from './trends';

describe('ranges', () => {
  it('offers the four contract ranges in order, with labels', () => {
    expect(RANGES.map((r) => r.value)).toEqual(['days30', 'days90', 'year', 'all']);
    expect(RANGES.map((r) => r.label)).toEqual(['30 days', '90 days', '1 year', 'All']);
    expect(rangeLabel('days90')).toBe('90 days');
  });

  it('accepts only known ranges and falls back to the default', () => {
    expect(isTrendRange('year')).toBe(true);
    expect(isTrendRange('days7')).toBe(false);
    expect(isTrendRange(null)).toBe(false);
    expect(parseRange('all')).toBe('all');
    expect(parseRange('forever')).toBe(DEFAULT_RANGE);
    expect(parseRange(undefined)).toBe('year');
  });
});

describe('days', () => {
  it('maps a day to the seconds of its local midnight', () => {
    expect(dayToSeconds('2026-03-05')).toBe(new Date(2026, 2, 5).getTime() / 1000);
    expect(Number.isNaN(dayToSeconds('yesterday'))).toBe(true);
  });

  it('knows Monday as the first weekday', () => {
    expect(weekdayIndex('2026-03-02')).toBe(0); // a Monday
    expect(weekdayIndex('2026-03-08')).toBe(6); // a Sunday
  });
});

const moodChart: MoodChart = {
  days: ['2026-01-01', '2026-01-02', '2026-01-03', '2026-01-04'],
  mood: [6, null, 4, null],
  confidence: [5, 5, null, null],
  markers: [
    { id: 1, title: 'Missed deadline', day: '2026-01-02', impact: 7, area: 'Career' },
    { id: 2, title: 'Fell ill', day: '2026-01-04', impact: 1, area: 'Health' },
    { id: 3, title: 'Outside the range', day: '2025-12-01', impact: 5, area: 'Other' },
  ],
  summary: '',
};

describe('mood series and markers', () => {
  it('gives uPlot one x per day and null where there was no check-in', () => {
    const { data } = moodSeries(moodChart);
    expect(data[0]).toEqual(moodChart.days.map(dayToSeconds));
    expect(data[1]).toEqual([6, null, 4, null]);
    expect(data[2]).toEqual([5, 5, null, null]);
  });

  it('places markers on their day at the nearest mood and drops those outside the range', () => {
    const { markers } = moodSeries(moodChart);
    expect(markers.map((m) => m.id)).toEqual([1, 2]);
    expect(markers[0]).toMatchObject({ x: dayToSeconds('2026-01-02'), y: 6, impact: 7, title: 'Missed deadline' });
    expect(markers[1]).toMatchObject({ y: 4 });
  });

  it('puts a marker mid-scale when there is no mood at all', () => {
    const { markers } = moodSeries({ ...moodChart, mood: [null, null, null, null] });
    expect(markers[0]?.y).toBe(5.5);
  });

  it('finds the nearest value, earlier first', () => {
    expect(nearestValue([1, null, 3], 1)).toBe(1);
    expect(nearestValue([null, null, 3], 0)).toBe(3);
    expect(nearestValue([null, null], 1)).toBeNull();
  });

  it('sizes markers by impact, growing monotonically and clamped', () => {
    expect(markerRadius(1)).toBe(MARKER_MIN_RADIUS);
    expect(markerRadius(10)).toBe(MARKER_MAX_RADIUS);
    expect(markerRadius(0)).toBe(MARKER_MIN_RADIUS);
    expect(markerRadius(15)).toBe(MARKER_MAX_RADIUS);
    for (let i = 1; i < 10; i++) {
      expect(markerRadius(i + 1)).toBeGreaterThan(markerRadius(i));
    }
  });

  it('hits the topmost marker within its radius', () => {
    const { markers } = moodSeries(moodChart);
    const place = (m: { x: number }): { cx: number; cy: number } => ({ cx: m.x === markers[0]?.x ? 100 : 200, cy: 50 });
    expect(markerAt(markers, 104, 52, place)?.id).toBe(1);
    expect(markerAt(markers, 150, 50, place)).toBeNull();
    expect(markerAt(markers, 201, 50, place)?.id).toBe(2);
  });
});

describe('aligned series', () => {
  it('lines series with their own x values up on one sorted axis', () => {
    expect(
      alignSeries([
        [
          [3, 30],
          [1, 10],
        ],
        [[2, 20]],
      ]),
    ).toEqual([
      [1, 2, 3],
      [10, null, 30],
      [null, 20, null],
    ]);
  });

  it('leaves setbacks still recovering out of the recovery points', () => {
    const chart: RecoveryChart = {
      points: [
        { setbackId: 1, title: 'a', happenedOn: '2026-01-10', impact: 5, days: 9, daysPerImpact: 1.8 },
        { setbackId: 2, title: 'b', happenedOn: '2026-02-10', impact: 5, days: null, daysPerImpact: null },
      ],
      trend: [{ quarter: '2026-Q1', midDay: '2026-02-14', medianDays: 9, medianDaysPerImpact: 1.8, count: 1 }],
      summary: '',
    };
    const [xs, points, trend] = recoverySeries(chart);
    expect(xs).toEqual([dayToSeconds('2026-01-10'), dayToSeconds('2026-02-14')]);
    expect(points).toEqual([9, null]);
    expect(trend).toEqual([null, 9]);
  });

  it('overlays bounce-back curves on offsets 0…28', () => {
    const chart: BounceBackChart = {
      curves: [
        { setbackId: 1, title: 'a', offsets: [0, 1, 2], delta: [-2, null, 0.5] },
        { setbackId: 2, title: 'b', offsets: [0, 28], delta: [-1, 1] },
      ],
      summary: '',
    };
    const data = bounceSeries(chart);
    expect(data[0]).toHaveLength(29);
    expect(data[1]?.slice(0, 3)).toEqual([-2, null, 0.5]);
    expect(data[2]?.[28]).toBe(1);
    expect(data).toHaveLength(3);
    expect(hasValues(data)).toBe(true);
  });

  it('maps BRS points, and knows when there is nothing to draw', () => {
    const data = brsSeries({ points: [{ day: '2026-01-01', score: 3.5 }], summary: '' });
    expect(data).toEqual([[dayToSeconds('2026-01-01')], [3.5]]);
    expect(hasValues(brsSeries({ points: [], summary: '' }))).toBe(false);
  });
});

describe('calendar heatmap', () => {
  it('maps counts to five levels', () => {
    expect([0, 1, 2, 3, 4, 9, -1, Number.NaN].map(heatLevel)).toEqual([0, 1, 2, 3, 4, 4, 0, 0]);
  });

  it('pads the first week so rows are weekdays, and labels each cell', () => {
    const days = Array.from({ length: 365 }, (_, i) => {
      const d = new Date(Date.UTC(2025, 2, 4 + i)); // starts on a Tuesday
      return { day: d.toISOString().slice(0, 10), count: i % 5 };
    });
    const chart: CalendarChart = { days, summary: '' };
    const layout = calendarLayout(chart);
    expect(layout.leading).toBe(1);
    expect(layout.cells).toHaveLength(365);
    expect(layout.cells[1]).toMatchObject({ count: 1, level: 1 });
    expect(layout.cells[0]?.label).toMatch(/no check-ins$/);
    expect(layout.cells[2]?.label).toMatch(/2 check-ins$/);
    expect(layout.header).toHaveLength(Math.ceil(366 / 7));
    // Labels are never crowded into neighbouring columns.
    const columns = layout.months.map((m) => m.column);
    columns.slice(1).forEach((c, i) => expect(c - (columns[i] ?? 0)).toBeGreaterThanOrEqual(3));
    const months = calendarByMonth(chart);
    expect(months[0]?.month).toBe('2025-03');
    expect(months.reduce((a, m) => a + m.checkIns, 0)).toBe(days.reduce((a, d) => a + d.count, 0));
  });
});

describe('figures', () => {
  it('shows a dash and a reason where a metric is undefined', () => {
    const figures = metricFigures({
      medianRecoveryDays: 4,
      meanBounceForward: null,
      medianHoursToReflection: 30,
      reflectionRate: 0.756,
      lessonsPerSetback: null,
      lessonApplicationRate: 0.5,
      repeatSetbacks: 0,
    });
    expect(figures).toHaveLength(7);
    const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
    expect(byKey.medianRecoveryDays?.value).toBe('4 days');
    expect(byKey.meanBounceForward).toMatchObject({ value: '—', defined: false });
    expect(byKey.meanBounceForward?.note).not.toBe('');
    expect(byKey.medianHoursToReflection?.value).toBe('30 hours');
    expect(byKey.reflectionRate?.value).toBe('76%');
    expect(byKey.repeatSetbacks?.value).toBe('0');
  });

  it('shows a dash for a missing cell', () => {
    expect(cell(null)).toBe('—');
    expect(cell(4.26)).toBe('4.3');
  });

  it('shortens labels to fit', () => {
    expect(fitLabel('Career', 10)).toBe('Career');
    expect(fitLabel('Relationships', 6)).toBe('Relat…');
    expect(fitLabel('Relationships', 0)).toBe('R…');
  });

  it('gives the funnel steps with shares of all setbacks', () => {
    const rows = funnelRows({ setbacks: 4, reflected: 3, withLessons: 2, applied: 1 });
    expect(rows.map((r) => [r.count, r.share])).toEqual([
      [4, '100%'],
      [3, '75%'],
      [2, '50%'],
      [1, '25%'],
    ]);
    expect(funnelRows({ setbacks: 0, reflected: 0, withLessons: 0, applied: 0 })[1]?.share).toBe('—');
  });
});
