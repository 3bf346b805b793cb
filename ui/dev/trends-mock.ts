// The check-in, resilience-scale, trends and sample-journal half of the
// development harness. The user's own journal starts nearly empty (so Trends
// shows its honest empty state); "Explore with sample data" switches to a
// generated year with 12 setbacks. ?sample starts in the sample journal.
// Imported only by dev/mock.ts, never by the app.

import type { BounceCurve } from '../src/lib/bindings/BounceCurve';
import type { BrsPoint } from '../src/lib/bindings/BrsPoint';
import type { BrsResult } from '../src/lib/bindings/BrsResult';
import type { BrsStatus } from '../src/lib/bindings/BrsStatus';
import type { CheckInDraft } from '../src/lib/bindings/CheckInDraft';
import type { DailyCheckIn } from '../src/lib/bindings/DailyCheckIn';
import type { DayCount } from '../src/lib/bindings/DayCount';
import type { QuarterMedian } from '../src/lib/bindings/QuarterMedian';
import type { RecoveryCheckIn } from '../src/lib/bindings/RecoveryCheckIn';
import type { RecoveryPoint } from '../src/lib/bindings/RecoveryPoint';
import type { SetbackMarker } from '../src/lib/bindings/SetbackMarker';
import type { TrendRange } from '../src/lib/bindings/TrendRange';
import type { TrendsReport } from '../src/lib/bindings/TrendsReport';
import { addDays, nowInZone, todayInZone } from '../src/lib/dates';
import { brsScore } from '../src/lib/checkins';

const ZONE = 'Europe/Berlin';
type Kind = 'own' | 'sample';

const BRS_STATEMENTS = [
  'I tend to bounce back quickly after hard times.',
  'I have a hard time making it through stressful events.',
  'It does not take me long to recover from a stressful event.',
  'It is hard for me to snap back when something bad happens.',
  'I usually come through difficult times with little trouble.',
  'I tend to take a long time to get over set-backs in my life.',
];

interface Journal {
  checkIns: DailyCheckIn[];
  recovery: RecoveryCheckIn[];
  brs: BrsResult[];
  setbacks: SetbackMarker[];
  recoveredAfter: Map<number, number | null>;
}

let kind: Kind = 'own';
let nextId = 5000;
const journals: Record<Kind, Journal> = { own: emptyJournal(), sample: emptyJournal() };

function emptyJournal(): Journal {
  return { checkIns: [], recovery: [], brs: [], setbacks: [], recoveredAfter: new Map() };
}

/** A small deterministic generator, so screenshots are stable. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const TITLES: Array<[string, string]> = [
  ['Missed the grant deadline', 'Career'],
  ['Argument with my sister', 'Relationships'],
  ['Failed the driving test', 'Learning'],
  ['Injured my knee before the race', 'Health'],
  ['Rejected for the team lead role', 'Career'],
  ['Overspent on the holiday', 'Finances'],
  ['Demo crashed in front of the client', 'Career'],
  ['Gallery turned down my portfolio', 'Creative'],
  ['Forgot a friend’s birthday', 'Relationships'],
  ['Bad performance review', 'Career'],
  ['Course exam went badly', 'Learning'],
  ['Presentation froze mid-demo', 'Career'],
];

function generateSample(): Journal {
  const rnd = random(42);
  const today = todayInZone(ZONE);
  const start = addDays(today, -364);
  const j = emptyJournal();
  // 12 setbacks spread over the year, impacts 2–9.
  TITLES.forEach(([title, area], i) => {
    const day = addDays(start, 12 + i * 29 + Math.floor(rnd() * 8));
    j.setbacks.push({ id: 101 + i, title, day, impact: 2 + Math.floor(rnd() * 8), area });
    // Recovery gets faster over the year; the latest one is still recovering.
    j.recoveredAfter.set(101 + i, i === TITLES.length - 1 ? null : Math.max(2, Math.round(14 - i + rnd() * 6)));
  });
  for (let i = 0; i < 365; i++) {
    const day = addDays(start, i);
    if (rnd() < 0.22) continue;
    let dip = 0;
    for (const s of j.setbacks) {
      const since = Math.round((Date.parse(day) - Date.parse(s.day)) / 86_400_000);
      const recovery = j.recoveredAfter.get(s.id) ?? 20;
      if (since >= 0 && since < recovery + 4) dip += (s.impact / 2.2) * (1 - since / (recovery + 4));
    }
    const base = 5.6 + (i / 365) * 1.3 + Math.sin(i / 9) * 0.6;
    const count = rnd() < 0.12 ? 2 : rnd() < 0.04 ? 3 : 1;
    for (let k = 0; k < count; k++) {
      const mood = Math.min(10, Math.max(1, Math.round(base - dip + (rnd() - 0.5) * 2)));
      const confidence = Math.min(10, Math.max(1, Math.round(base - dip * 0.7 + (rnd() - 0.3) * 2)));
      j.checkIns.push({
        id: nextId++,
        mood,
        confidence,
        energy: rnd() < 0.5 ? Math.min(10, Math.max(1, Math.round(base + (rnd() - 0.5) * 3))) : null,
        note: '',
        localDateTime: `${day}T${String(8 + k * 5).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`,
        timeZone: ZONE,
        createdAt: new Date().toISOString(),
      });
    }
  }
  for (let m = 0; m < 12; m++) {
    const answers = [3, 3, 3, 3, 3, 3].map((a, i) => {
      const drift = Math.round((m / 11) * 1.4 + (rnd() - 0.5));
      return Math.min(5, Math.max(1, i % 2 === 1 ? a - drift : a + drift));
    });
    j.brs.push({ id: nextId++, takenOn: addDays(start, 10 + m * 30), answers, score: brsScore(answers) ?? 3 });
  }
  return j;
}

const journal = (): Journal => journals[kind];

function daysBack(range: TrendRange, to: string): string {
  if (range === 'days30') return addDays(to, -29);
  if (range === 'days90') return addDays(to, -89);
  if (range === 'year') return addDays(to, -364);
  const j = journal();
  const earliest = [...j.checkIns.map((c) => c.localDateTime.slice(0, 10)), ...j.setbacks.map((s) => s.day)].sort()[0];
  return earliest !== undefined && earliest < addDays(to, -364) ? earliest : addDays(to, -364);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function report(range: TrendRange): TrendsReport {
  const j = journal();
  const to = todayInZone(ZONE);
  const from = daysBack(range, to);
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const byDay = new Map<string, DailyCheckIn[]>();
  for (const c of j.checkIns) {
    const day = c.localDateTime.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), c]);
  }
  // Confidence is null on check-ins imported from Daylio, which asks for none;
  // like the backend, the mean counts only the values that exist.
  const mean = (list: DailyCheckIn[] | undefined, pick: (c: DailyCheckIn) => number | null): number | null => {
    const known = (list ?? []).map(pick).filter((v): v is number => v !== null);
    return known.length > 0 ? known.reduce((sum, v) => sum + v, 0) / known.length : null;
  };
  const markers = j.setbacks.filter((s) => s.day >= from && s.day <= to);
  const points: RecoveryPoint[] = markers.map((s) => {
    const after = j.recoveredAfter.get(s.id) ?? null;
    return { setbackId: s.id, title: s.title, happenedOn: s.day, impact: s.impact, days: after, daysPerImpact: after === null ? null : after / s.impact };
  });
  const quarters = new Map<string, RecoveryPoint[]>();
  for (const p of points) if (p.days !== null) quarters.set(quarterOf(p.happenedOn), [...(quarters.get(quarterOf(p.happenedOn)) ?? []), p]);
  const trend: QuarterMedian[] = [...quarters.entries()].map(([quarter, ps]) => {
    const sortedDays = ps.map((p) => p.happenedOn).sort();
    return {
      quarter,
      midDay: sortedDays[Math.floor(sortedDays.length / 2)] ?? ps[0]!.happenedOn,
      medianDays: median(ps.map((p) => p.days ?? 0)),
      medianDaysPerImpact: median(ps.map((p) => p.daysPerImpact ?? 0)),
      count: ps.length,
    };
  });
  const curves: BounceCurve[] = markers.slice(-8).map((s) => {
    const before = [1, 2, 3, 4, 5, 6, 7].map((k) => mean(byDay.get(addDays(s.day, -k)), (c) => c.mood)).filter((v): v is number => v !== null);
    const baseline = before.length ? before.reduce((a, b) => a + b, 0) / before.length : 6;
    const offsets = Array.from({ length: 29 }, (_, i) => i);
    return {
      setbackId: s.id,
      title: s.title,
      offsets,
      delta: offsets.map((o) => {
        const day = addDays(s.day, o);
        const m = day <= to ? mean(byDay.get(day), (c) => c.mood) : null;
        return m === null ? null : Math.round((m - baseline) * 10) / 10;
      }),
    };
  });
  const areaCounts = new Map<string, number>();
  for (const s of markers) areaCounts.set(s.area, (areaCounts.get(s.area) ?? 0) + 1);
  const calendarDays: DayCount[] = [];
  for (let d = addDays(to, -364); d <= to; d = addDays(d, 1)) calendarDays.push({ day: d, count: byDay.get(d)?.length ?? 0 });
  const brs: BrsPoint[] = j.brs.filter((b) => b.takenOn >= from).map((b) => ({ day: b.takenOn, score: b.score }));
  const withMood = days.filter((d) => byDay.has(d)).length;
  const enough = markers.length >= 2 && withMood >= 14;
  const recovered = points.filter((p) => p.days !== null).map((p) => p.days ?? 0);
  const firstTrend = trend[0];
  const lastTrend = trend[trend.length - 1];
  return {
    range,
    from,
    to,
    hasEnoughData: enough,
    headline: !enough
      ? `Too little data for a trend yet: ${withMood === 0 ? 'no check-ins' : `check-ins on ${withMood} days`} and ${markers.length === 1 ? 'one setback' : `${markers.length} setbacks`} in this period.`
      : firstTrend && lastTrend && firstTrend !== lastTrend
        ? `Over this period your median recovery time fell from ${firstTrend.medianDays} days to ${lastTrend.medianDays}.`
        : `You bounced back from ${recovered.length} of ${markers.length} setbacks in this period.`,
    mood: {
      days,
      mood: days.map((d) => mean(byDay.get(d), (c) => c.mood)),
      confidence: days.map((d) => mean(byDay.get(d), (c) => c.confidence)),
      markers,
      summary: `Mood averaged ${(j.checkIns.reduce((a, c) => a + c.mood, 0) / Math.max(1, j.checkIns.length)).toFixed(1)} out of 10 on the ${withMood} days you checked in; ${markers.length} setbacks are marked.`,
    },
    recovery: {
      points,
      trend,
      summary: recovered.length ? `Median recovery: ${median(recovered)} days across ${recovered.length} setbacks; ${points.length - recovered.length} still recovering.` : 'No setback marked as bounced back yet.',
    },
    bounceBack: { curves, summary: `${curves.length} setbacks with a mood baseline. Most curves are back above zero within two weeks.` },
    byArea: {
      areas: [...areaCounts.entries()].sort((a, b) => b[1] - a[1]).map(([area, count]) => ({ area, count })),
      summary: areaCounts.size ? `Most setbacks were in ${[...areaCounts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]}.` : 'No setbacks in this period.',
    },
    funnel: {
      setbacks: markers.length,
      reflected: Math.round(markers.length * 0.75),
      withLessons: Math.round(markers.length * 0.5),
      applied: Math.round(markers.length * 0.33),
      summary: `You reflected on ${Math.round(markers.length * 0.75)} of ${markers.length} setbacks and applied a lesson from ${Math.round(markers.length * 0.33)}.`,
    },
    calendar: { days: calendarDays, summary: `You checked in on ${calendarDays.filter((d) => d.count > 0).length} of the last 365 days.` },
    brs: { points: brs, summary: brs.length ? `Latest score ${brs[brs.length - 1]?.score.toFixed(2)} (scale 1–5).` : 'No resilience check taken yet.' },
    metrics: {
      medianRecoveryDays: recovered.length ? median(recovered) : null,
      meanBounceForward: enough ? 0.6 : null,
      medianHoursToReflection: enough ? 52 : null,
      reflectionRate: markers.length ? 0.75 : null,
      lessonsPerSetback: markers.length ? 1.2 : null,
      lessonApplicationRate: enough ? null : null,
      repeatSetbacks: enough ? 2 : 0,
    },
  };
}

export function seedTrends(params: URLSearchParams): void {
  if (params.has('sample')) {
    kind = 'sample';
    journals.sample = generateSample();
  }
  if (!params.has('empty')) {
    // A couple of the user's own check-ins, not enough for a trend.
    const today = todayInZone(ZONE);
    journals.own.checkIns.push(
      { id: nextId++, mood: 6, confidence: 5, energy: 7, note: 'Slept well.', localDateTime: `${today}T08:10`, timeZone: ZONE, createdAt: new Date().toISOString() },
      { id: nextId++, mood: 4, confidence: 5, energy: null, note: '', localDateTime: `${addDays(today, -1)}T21:40`, timeZone: ZONE, createdAt: new Date().toISOString() },
    );
  }
}

function invalid(message: string): { code: string; message: string } {
  return { code: 'invalid_input', message };
}

export function handleTrends(cmd: string, args: Record<string, unknown>): unknown {
  const j = journal();
  switch (cmd) {
    case 'log_check_in': {
      const draft = args.draft as CheckInDraft;
      if (!(draft.mood >= 1 && draft.mood <= 10) || !(draft.confidence >= 1 && draft.confidence <= 10)) throw invalid('Mood and confidence go from 1 to 10.');
      const saved: DailyCheckIn = {
        id: nextId++,
        mood: draft.mood,
        confidence: draft.confidence,
        energy: draft.energy,
        note: draft.note,
        localDateTime: draft.localDateTime ?? nowInZone(ZONE),
        timeZone: draft.timeZone ?? ZONE,
        createdAt: new Date().toISOString(),
      };
      j.checkIns.push(saved);
      return saved;
    }
    case 'recent_check_ins':
      return [...j.checkIns].sort((a, b) => (a.localDateTime < b.localDateTime ? 1 : -1)).slice(0, Number(args.limit));
    case 'delete_check_in':
      j.checkIns = j.checkIns.filter((c) => c.id !== args.id);
      return null;
    case 'log_recovery_check_in': {
      const saved: RecoveryCheckIn = {
        id: nextId++,
        setbackId: Number(args.setbackId),
        recovered: Number(args.recovered),
        localDate: todayInZone(ZONE),
        createdAt: new Date().toISOString(),
      };
      j.recovery.push(saved);
      return saved;
    }
    case 'brs_status': {
      const last = [...j.brs].sort((a, b) => (a.takenOn < b.takenOn ? 1 : -1))[0];
      const status: BrsStatus = {
        due: last === undefined || last.takenOn <= addDays(todayInZone(ZONE), -30),
        lastTakenOn: last?.takenOn ?? null,
        statements: BRS_STATEMENTS,
      };
      return status;
    }
    case 'submit_brs': {
      const answers = args.answers as number[];
      const score = brsScore(answers);
      if (score === null) throw invalid('Answer all six statements from 1 to 5.');
      const saved: BrsResult = { id: nextId++, takenOn: todayInZone(ZONE), answers, score };
      j.brs.push(saved);
      return saved;
    }
    case 'trends':
      return report(args.range as TrendRange);
    case 'journal_kind':
      return kind;
    case 'open_sample_journal':
      journals.sample = generateSample();
      kind = 'sample';
      return null;
    case 'close_sample_journal':
      journals.sample = emptyJournal();
      kind = 'own';
      return null;
    default:
      return undefined;
  }
}
