// The text views of the Trends charts: which columns each table shows.

import type { BounceCurve } from '../../lib/bindings/BounceCurve';
import type { AreaCount } from '../../lib/bindings/AreaCount';
import type { BrsPoint } from '../../lib/bindings/BrsPoint';
import type { MoodChart } from '../../lib/bindings/MoodChart';
import type { QuarterMedian } from '../../lib/bindings/QuarterMedian';
import type { RecoveryPoint } from '../../lib/bindings/RecoveryPoint';
import { cell, funnelRows, markerText, type calendarByMonth, type MarkerPoint } from '../../lib/trends';
import type { Column } from '../kit/table';
import { brsScoreText, formatShortDay } from '../../lib/format';

/** The setbacks marked on the mood chart; each title opens its setback. */
export function markerColumns(openSetback: (id: number) => void): Column<MarkerPoint>[] {
  return [
    { label: 'Day', value: (m) => formatShortDay(m.day) },
    { label: 'Setback', value: (m) => m.title, open: { label: (m) => `Open ${markerText(m)}`, run: (m) => openSetback(m.id) } },
    { label: 'Impact', numeric: true, value: (m) => m.impact },
    { label: 'Area', value: (m) => m.area },
  ];
}

export interface MoodDay {
  day: string;
  mood: number | null | undefined;
  confidence: number | null | undefined;
}

/** The days of the mood chart that have a check-in. */
export function moodDays(chart: MoodChart): MoodDay[] {
  return chart.days
    .map((day, i) => ({ day, mood: chart.mood[i], confidence: chart.confidence[i] }))
    .filter((row) => row.mood != null || row.confidence != null);
}

export const moodDayColumns: Column<MoodDay>[] = [
  { label: 'Day', value: (row) => formatShortDay(row.day) },
  { label: 'Mood', numeric: true, value: (row) => cell(row.mood) },
  { label: 'Confidence', numeric: true, value: (row) => cell(row.confidence) },
];

export const recoveryColumns: Column<RecoveryPoint>[] = [
  { label: 'Happened', value: (p) => formatShortDay(p.happenedOn) },
  { label: 'Setback', value: (p) => p.title },
  { label: 'Impact', numeric: true, value: (p) => p.impact },
  { label: 'Days', numeric: true, value: (p) => (p.days === null ? 'still recovering' : cell(p.days)) },
];

export const quarterColumns: Column<QuarterMedian>[] = [
  { label: 'Quarter', value: (q) => q.quarter },
  { label: 'Median days', numeric: true, value: (q) => cell(q.medianDays) },
  { label: 'Days per impact point', numeric: true, value: (q) => cell(q.medianDaysPerImpact) },
  { label: 'Setbacks', numeric: true, value: (q) => q.count },
];

export const bounceColumns: Column<BounceCurve>[] = [
  { label: 'Setback', value: (curve) => curve.title },
  ...[0, 7, 14, 28].map((offset) => ({
    label: `Day ${offset}`,
    numeric: true,
    value: (curve: BounceCurve) => cell(curve.delta[curve.offsets.indexOf(offset)]),
  })),
];

export const areaColumns: Column<AreaCount>[] = [
  { label: 'Area', value: (a) => a.area },
  { label: 'Setbacks', numeric: true, value: (a) => a.count },
];

export const funnelColumns: Column<ReturnType<typeof funnelRows>[number]>[] = [
  { label: 'Step', value: (row) => row.label },
  { label: 'Setbacks', numeric: true, value: (row) => row.count },
  { label: 'Share', numeric: true, value: (row) => row.share },
];

export const brsColumns: Column<BrsPoint>[] = [
  { label: 'Taken on', value: (p) => formatShortDay(p.day) },
  { label: 'Score', numeric: true, value: (p) => brsScoreText(p.score) },
];

export const calendarColumns: Column<ReturnType<typeof calendarByMonth>[number]>[] = [
  { label: 'Month', value: (row) => row.label },
  { label: 'Days with a check-in', numeric: true, value: (row) => row.days },
  { label: 'Check-ins', numeric: true, value: (row) => row.checkIns },
];
