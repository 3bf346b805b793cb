// The failing-up loop half of the development harness: an in-memory fake of
// the setback, reflection, lesson, goal and Today commands, close enough to
// the Rust rules (stages, cool-down, revisit statuses) to look at the views.
// It is imported only by dev/mock.ts, never by the app.

import type { AnswerDraft } from '../src/lib/bindings/AnswerDraft';
import type { Area } from '../src/lib/bindings/Area';
import type { Feeling } from '../src/lib/bindings/Feeling';
import type { FeelingShift } from '../src/lib/bindings/FeelingShift';
import type { Goal } from '../src/lib/bindings/Goal';
import type { GoalDraft } from '../src/lib/bindings/GoalDraft';
import type { GoalSummary } from '../src/lib/bindings/GoalSummary';
import type { Lesson } from '../src/lib/bindings/Lesson';
import type { LessonDraft } from '../src/lib/bindings/LessonDraft';
import type { LessonStatus } from '../src/lib/bindings/LessonStatus';
import type { LessonSummary } from '../src/lib/bindings/LessonSummary';
import type { LessonWording } from '../src/lib/bindings/LessonWording';
import type { Reflection } from '../src/lib/bindings/Reflection';
import type { RevisitAnswer } from '../src/lib/bindings/RevisitAnswer';
import type { Setback } from '../src/lib/bindings/Setback';
import type { SetbackDraft } from '../src/lib/bindings/SetbackDraft';
import type { SetbackSummary } from '../src/lib/bindings/SetbackSummary';
import type { Stage } from '../src/lib/bindings/Stage';
import type { Template } from '../src/lib/bindings/Template';
import type { TemplateDraft } from '../src/lib/bindings/TemplateDraft';
import { addDays, nowInZone, todayInZone } from '../src/lib/dates';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const invalid = (message: string): { code: string; message: string } => ({ code: 'invalid_input', message });
const notFound = (what: string): { code: string; message: string } => ({ code: 'not_found', message: `${what} no longer exists.` });
const iso = (ms: number): string => new Date(ms).toISOString();

let id = 100;
const nextId = (): number => ++id;
let coolDownHours = 24;

const areas: Area[] = ['Career', 'Learning', 'Relationships', 'Health', 'Finances', 'Creative', 'Other'].map((name, i) => ({
  id: i + 1,
  name,
  builtIn: true,
}));

const templates: Template[] = [
  {
    id: 1, name: 'Failing-up review', description: 'Look at what you assumed, what happened and what you can take from it.', builtIn: true, hidden: false, position: 1,
    prompts: ['What did I expect to happen — my assumptions?', 'What went wrong?', 'What worked?', 'What can be improved?', 'Where did a strength turn into a blind spot?', 'What can I learn from this?'].map((text) => ({ text, kind: 'text' as const })),
  },
  {
    id: 2, name: 'After Action Review', description: 'Compare what was meant to happen with what did, and decide what to keep and change.', builtIn: true, hidden: false, position: 2,
    prompts: ['What was supposed to happen?', 'What happened?', 'Why was there a difference?', 'What will I keep, and what will I change?'].map((text) => ({ text, kind: 'text' as const })),
  },
  {
    id: 3, name: 'What? So what? Now what?', description: 'Three steps from describing the setback to deciding what to do next.', builtIn: true, hidden: true, position: 3,
    prompts: ['What? Describe what happened, plainly.', 'So what?', 'Now what?'].map((text) => ({ text, kind: 'text' as const })),
  },
  {
    id: 4, name: 'Thought record', description: 'Catch an automatic thought, weigh the evidence, and find a more balanced one.', builtIn: true, hidden: false, position: 4,
    prompts: [
      { text: 'Situation: where was I, what was going on?', kind: 'text' },
      { text: 'Automatic thought: what went through my mind?', kind: 'text' },
      { text: 'Emotion: how strong was it (0–100)?', kind: 'rating' },
      { text: 'A balanced thought', kind: 'text' },
    ],
  },
];

interface StoredSetback extends Omit<Setback, 'stage' | 'readyAt' | 'effectiveCoolDownHours' | 'reflectionCount' | 'completedReflectionCount' | 'lessonIds'> {
  happenedAt: number;
}
const setbacks: StoredSetback[] = [];
const reflections: Reflection[] = [];
const lessons: Lesson[] = [];
const goals: Goal[] = [];

/** The wall-clock string as an instant, pretending the zone is the browser's (good enough here). */
const instantOf = (local: string): number => new Date(local).getTime();

function stageOf(s: StoredSetback): { stage: Stage; readyAt: number } {
  const hours = s.coolDownHours ?? coolDownHours;
  const readyAt = s.happenedAt + hours * HOUR;
  const lessonCount = lessons.filter((l) => l.setbackIds.includes(s.id)).length;
  const completed = reflections.filter((r) => r.setbackId === s.id && r.completedAt !== null).length;
  const stage: Stage = s.recoveredOn !== null ? 'recovered' : lessonCount > 0 ? 'lessons_drawn' : completed > 0 ? 'reflected' : Date.now() >= readyAt ? 'ready_to_reflect' : 'cooling_down';
  return { stage, readyAt };
}

function fullSetback(s: StoredSetback): Setback {
  const { stage, readyAt } = stageOf(s);
  const { happenedAt: _h, ...rest } = s;
  const mine = reflections.filter((r) => r.setbackId === s.id);
  return {
    ...rest,
    effectiveCoolDownHours: s.coolDownHours ?? coolDownHours,
    readyAt: iso(readyAt),
    stage,
    reflectionCount: mine.length,
    completedReflectionCount: mine.filter((r) => r.completedAt !== null).length,
    lessonIds: lessons.filter((l) => l.setbackIds.includes(s.id)).map((l) => l.id),
  };
}

function summaryOfSetback(s: StoredSetback): SetbackSummary {
  const full = fullSetback(s);
  return { id: s.id, title: s.title, localDateTime: s.localDateTime, timeZone: s.timeZone, areaId: s.areaId, impact: s.impact, stage: full.stage, readyAt: full.readyAt, recoveredOn: s.recoveredOn };
}

function findSetback(setbackId: unknown): StoredSetback {
  const found = setbacks.find((s) => s.id === setbackId);
  if (!found) throw notFound('That setback');
  return found;
}

function setbackFromDraft(draft: SetbackDraft, base?: StoredSetback): StoredSetback {
  if (draft.title.trim() === '') throw invalid('The title cannot be empty.');
  const local = draft.localDateTime ?? nowInZone(ZONE);
  const now = iso(Date.now());
  return {
    id: base?.id ?? nextId(),
    title: draft.title.trim(),
    whatHappened: draft.whatHappened,
    localDateTime: local,
    timeZone: draft.timeZone ?? ZONE,
    areaId: draft.areaId ?? 7,
    impact: draft.impact,
    control: draft.control,
    feelings: draft.feelings,
    entryIds: draft.entryIds,
    coolDownHours: draft.coolDownHours,
    recoveredOn: base?.recoveredOn ?? null,
    createdAt: base?.createdAt ?? now,
    updatedAt: now,
    happenedAt: instantOf(local),
  };
}

function lessonSummary(l: Lesson): LessonSummary {
  const next = l.revisits.find((r) => r.answer === null);
  return { id: l.id, text: l.text, ifSituation: l.ifSituation, thenAction: l.thenAction, areaId: l.areaId, status: l.status, writtenOn: l.writtenOn, nextRevisitOn: next?.dueOn ?? null };
}

function findLesson(lessonId: unknown): Lesson {
  const found = lessons.find((l) => l.id === lessonId);
  if (!found) throw notFound('That lesson');
  return found;
}

function lessonOfRevisit(revisitId: unknown): Lesson {
  const found = lessons.find((l) => l.revisits.some((r) => r.id === revisitId));
  if (!found) throw notFound('That revisit');
  return found;
}

function checkWording(w: LessonWording): void {
  if (w.text.trim() === '') throw invalid('The lesson cannot be empty.');
  if ((w.ifSituation === null) !== (w.thenAction === null)) throw invalid('An if–then plan needs both parts.');
}

// The fake backend's own copy of core's revisit rule (lessons.rs, `status_after_answer`):
// this file stands in for the backend, so it keeps the backend's rules.
function statusAfterAnswer(status: LessonStatus, answer: RevisitAnswer): LessonStatus {
  if (answer === 'not_yet' || answer === 'not_relevant') {
    return status;
  }
  if (status === 'untested' || status === 'revised') {
    return 'applied';
  }
  return status === 'applied' && answer === 'yes' ? 'validated' : status;
}

function statusAfter(status: LessonStatus): Lesson['statusAfter'] {
  return {
    yes: statusAfterAnswer(status, 'yes'),
    partly: statusAfterAnswer(status, 'partly'),
    notYet: statusAfterAnswer(status, 'not_yet'),
    notRelevant: statusAfterAnswer(status, 'not_relevant'),
  };
}

function newLesson(draft: LessonDraft, writtenOn: string): Lesson {
  checkWording(draft);
  const firstSetback = setbacks.find((s) => s.id === draft.setbackIds[0]);
  const lessonId = nextId();
  const now = iso(Date.now());
  return {
    id: lessonId, text: draft.text, ifSituation: draft.ifSituation, thenAction: draft.thenAction,
    areaId: draft.areaId ?? firstSetback?.areaId ?? 7, status: 'untested', writtenOn, timeZone: ZONE,
    setbackIds: [...draft.setbackIds],
    revisits: [7, 30, 90].map((days) => ({ id: nextId(), lessonId, dueOn: addDays(writtenOn, days), answer: null, note: '', answeredAt: null })),
    revisions: [], statusAfter: statusAfter('untested'), createdAt: now, updatedAt: now,
  };
}

function goalSummary(g: Goal): GoalSummary {
  return { id: g.id, kind: g.kind, title: g.title, status: g.status, targetOn: g.targetOn, latestProgress: g.latestProgress, lastCheckInAt: g.checkIns[g.checkIns.length - 1]?.checkedInAt ?? null };
}

function withSuggestion(g: Goal): Goal {
  g.suggestLearningPair = g.kind === 'output' && g.status === 'active' && g.pairedLearningGoalId === null;
  g.latestProgress = g.checkIns[g.checkIns.length - 1]?.progress ?? null;
  return g;
}

function findGoal(goalId: unknown): Goal {
  const found = goals.find((g) => g.id === goalId);
  if (!found) throw notFound('That goal');
  return found;
}

function newGoal(draft: GoalDraft): Goal {
  if (draft.title.trim() === '') throw invalid('The goal cannot be empty.');
  const now = iso(Date.now());
  return withSuggestion({
    id: nextId(), kind: draft.kind, title: draft.title, why: draft.why, howIllKnow: draft.howIllKnow, targetOn: draft.targetOn,
    status: 'active', lessonIds: draft.lessonIds, setbackIds: draft.setbackIds, pairedLearningGoalId: null, checkIns: [],
    latestProgress: null, suggestLearningPair: false, createdAt: now, updatedAt: now,
  });
}

function shiftOf(before: Feeling[], after: Feeling[]): FeelingShift[] {
  const same = (a: Feeling, b: Feeling): boolean => a.emotion.toLowerCase() === b.emotion.toLowerCase();
  return [
    ...before.map((f) => ({ emotion: f.emotion, before: f.intensity, after: after.find((o) => same(f, o))?.intensity ?? null })),
    ...after.filter((f) => !before.some((o) => same(f, o))).map((f) => ({ emotion: f.emotion, before: null, after: f.intensity })),
  ];
}

function findReflection(reflectionId: unknown): Reflection {
  const found = reflections.find((r) => r.id === reflectionId);
  if (!found) throw notFound('That reflection');
  return found;
}

function saveAnswers(r: Reflection, answers: AnswerDraft[]): void {
  answers.forEach((a, i) => {
    const target = r.answers[i];
    if (target) {
      target.text = a.text;
      target.rating = a.rating;
    }
  });
  r.updatedAt = iso(Date.now());
}

/** Seeds a journey through the loop, or nothing with ?empty. */
export function seedLoop(empty: boolean): void {
  if (empty) return;
  const now = Date.now();
  const local = (msAgo: number): string => nowInZone(ZONE, new Date(now - msAgo));
  const add = (title: string, whatHappened: string, msAgo: number, areaId: number, impact: number, feelings: Feeling[], recoveredOn: string | null = null): StoredSetback => {
    const s = setbackFromDraft({ title, whatHappened, localDateTime: local(msAgo), timeZone: ZONE, areaId, impact, control: 'some', feelings, entryIds: [], coolDownHours: null });
    s.happenedAt = now - msAgo;
    s.recoveredOn = recoveredOn;
    setbacks.push(s);
    return s;
  };
  const grant = add('Missed the grant deadline', 'I submitted the application two hours after the deadline. The budget section took longer than planned.', 9 * DAY, 1, 7, [
    { emotion: 'disappointed', intensity: 80 },
    { emotion: 'embarrassed', intensity: 60 },
  ]);
  add('Snapped at my sister on the phone', 'She asked about the move again and I hung up on her.', 3 * DAY, 3, 5, [{ emotion: 'guilty', intensity: 70 }]);
  add('Rejected talk proposal', 'The conference committee declined my talk. No feedback given.', 5 * HOUR, 2, 4, [{ emotion: 'discouraged', intensity: 55 }]);
  add('Skipped three runs this week', '', 30 * DAY, 4, 2, [], todayInZone(ZONE, new Date(now - 2 * DAY)));
  for (let i = 0; i < 55; i++) {
    add(`Older setback ${i + 1}`, 'Something small.', (40 + i) * DAY, (i % 7) + 1, (i % 10) + 1, []);
  }
  const refl: Reflection = {
    id: nextId(), setbackId: grant.id, templateId: 1, templateName: 'Failing-up review',
    answers: templates[0]!.prompts.map((p, i) => ({ prompt: p.text, kind: p.kind, text: i === 0 ? 'That the budget would take an hour.' : 'Started too late.', rating: null })),
    feelingsBefore: grant.feelings, feelingsAfter: [{ emotion: 'disappointed', intensity: 40 }, { emotion: 'embarrassed', intensity: 20 }],
    shift: [], startedAt: iso(now - 8 * DAY), updatedAt: iso(now - 8 * DAY), completedAt: iso(now - 8 * DAY),
  };
  refl.shift = shiftOf(refl.feelingsBefore, refl.feelingsAfter);
  reflections.push(refl);
  const today = todayInZone(ZONE);
  const lesson = newLesson({ text: 'Draft the budget first: it is the part I always underestimate.', ifSituation: 'a grant deadline is less than two weeks away', thenAction: 'write the budget before the narrative', areaId: null, setbackIds: [grant.id] }, addDays(today, -8));
  lesson.revisits[0]!.dueOn = addDays(today, -1);
  lessons.push(lesson);
  const l2 = newLesson({ text: 'Take a breath before answering family questions about the move.', ifSituation: null, thenAction: null, areaId: 3, setbackIds: [] }, addDays(today, -20));
  l2.status = 'applied';
  l2.statusAfter = statusAfter(l2.status);
  l2.revisits[0]!.answer = 'yes';
  l2.revisits[0]!.answeredAt = iso(now - 13 * DAY);
  l2.revisits[0]!.note = 'Worked on Sunday.';
  lessons.push(l2);
  const l3 = newLesson({ text: 'Ask for feedback before the committee decides, not after.', ifSituation: null, thenAction: null, areaId: 2, setbackIds: [] }, addDays(today, -40));
  l3.status = 'validated';
  l3.statusAfter = statusAfter(l3.status);
  l3.revisions.push({ text: 'Ask for feedback.', ifSituation: null, thenAction: null, revisedAt: iso(now - 35 * DAY) });
  lessons.push(l3);
  const g1 = newGoal({ kind: 'learning', title: 'Get better at estimating budgets', why: 'It is where my plans slip.', howIllKnow: 'My estimates land within 20%.', targetOn: addDays(today, 60), lessonIds: [lesson.id], setbackIds: [] });
  g1.createdAt = iso(now - 10 * DAY);
  g1.checkIns.push({ id: nextId(), progress: 30, note: 'Did one practice estimate.', checkedInAt: iso(now - 9 * DAY) });
  goals.push(withSuggestion(g1));
  goals.push(newGoal({ kind: 'output', title: 'Submit the autumn grant on time', why: '', howIllKnow: 'Submitted a day early.', targetOn: addDays(today, 45), lessonIds: [], setbackIds: [grant.id] }));
}

/** Answers one loop command, or returns undefined when `cmd` is not one. */
export function handleLoop(cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case 'list_areas':
      return areas;
    case 'create_area': {
      const name = String(args.name).trim();
      if (areas.some((a) => a.name.toLowerCase() === name.toLowerCase())) throw invalid(`There is already a life area called “${name}”.`);
      const area = { id: nextId(), name, builtIn: false };
      areas.push(area);
      return area;
    }
    case 'delete_area': {
      const area = areas.find((a) => a.id === args.id);
      if (!area) throw notFound('That area');
      if (area.builtIn) throw invalid(`“${area.name}” is a built-in life area and cannot be deleted.`);
      const used = setbacks.filter((s) => s.areaId === area.id).length + lessons.filter((l) => l.areaId === area.id).length;
      if (used > 0) throw invalid(`“${area.name}” still has ${used} setback(s) or lesson(s); move them to another area first.`);
      areas.splice(areas.indexOf(area), 1);
      return null;
    }
    case 'get_settings':
      return { coolDownHours };
    case 'update_settings':
      coolDownHours = (args.settings as { coolDownHours: number }).coolDownHours;
      return { coolDownHours };
    case 'suggested_emotions':
      return ['disappointed', 'frustrated', 'embarrassed', 'ashamed', 'anxious', 'angry', 'sad', 'hurt', 'guilty', 'discouraged', 'confused', 'relieved'];
    case 'list_setbacks': {
      const all = [...setbacks].sort((a, b) => b.happenedAt - a.happenedAt || b.id - a.id);
      const start = args.cursor === null ? 0 : Number(args.cursor);
      const limit = Number(args.limit);
      return { setbacks: all.slice(start, start + limit).map(summaryOfSetback), nextCursor: start + limit < all.length ? String(start + limit) : null };
    }
    case 'get_setback':
      return fullSetback(findSetback(args.id));
    case 'create_setback': {
      const s = setbackFromDraft(args.draft as SetbackDraft);
      setbacks.push(s);
      return fullSetback(s);
    }
    case 'update_setback': {
      const old = findSetback(args.id);
      const s = setbackFromDraft(args.draft as SetbackDraft, old);
      setbacks[setbacks.indexOf(old)] = s;
      return fullSetback(s);
    }
    case 'delete_setback': {
      const s = findSetback(args.id);
      setbacks.splice(setbacks.indexOf(s), 1);
      for (const l of lessons) l.setbackIds = l.setbackIds.filter((x) => x !== s.id);
      return null;
    }
    case 'mark_recovered': {
      const s = findSetback(args.id);
      s.recoveredOn = (args.on as string | null) ?? todayInZone(ZONE);
      return fullSetback(s);
    }
    case 'unmark_recovered': {
      const s = findSetback(args.id);
      s.recoveredOn = null;
      return fullSetback(s);
    }
    case 'list_templates':
      return [...templates].sort((a, b) => a.position - b.position).filter((t) => args.includeHidden || !t.hidden);
    case 'get_template':
      return templates.find((t) => t.id === args.id) ?? (() => { throw notFound('That template'); })();
    case 'create_template': {
      const d = args.draft as TemplateDraft;
      const t: Template = { id: nextId(), ...d, builtIn: false, hidden: false, position: templates.length + 1 };
      templates.push(t);
      return t;
    }
    case 'update_template': {
      const t = templates.find((x) => x.id === args.id);
      if (!t) throw notFound('That template');
      Object.assign(t, args.draft as TemplateDraft);
      return t;
    }
    case 'delete_template': {
      const t = templates.find((x) => x.id === args.id);
      if (!t || t.builtIn) throw invalid('Built-in templates cannot be deleted.');
      templates.splice(templates.indexOf(t), 1);
      return null;
    }
    case 'duplicate_template': {
      const t = templates.find((x) => x.id === args.id);
      if (!t) throw notFound('That template');
      const copy: Template = { ...t, id: nextId(), name: `${t.name} (copy)`, builtIn: false, hidden: false, position: templates.length + 1, prompts: t.prompts.map((p) => ({ ...p })) };
      templates.push(copy);
      return copy;
    }
    case 'set_template_hidden': {
      const t = templates.find((x) => x.id === args.id);
      if (!t) throw notFound('That template');
      t.hidden = Boolean(args.hidden);
      return t;
    }
    case 'reorder_templates': {
      const ids = args.ids as number[];
      if (ids.length !== templates.length) throw invalid('The new order must list every template exactly once.');
      ids.forEach((tid, i) => {
        const t = templates.find((x) => x.id === tid);
        if (t) t.position = i + 1;
      });
      return [...templates].sort((a, b) => a.position - b.position);
    }
    case 'start_reflection': {
      const s = findSetback(args.setbackId);
      const t = templates.find((x) => x.id === args.templateId);
      if (!t) throw notFound('That template');
      const now = iso(Date.now());
      const r: Reflection = {
        id: nextId(), setbackId: s.id, templateId: t.id, templateName: t.name,
        answers: t.prompts.map((p) => ({ prompt: p.text, kind: p.kind, text: '', rating: null })),
        feelingsBefore: s.feelings, feelingsAfter: [], shift: [], startedAt: now, updatedAt: now, completedAt: null,
      };
      reflections.push(r);
      return r;
    }
    case 'save_reflection_draft': {
      const r = findReflection(args.id);
      saveAnswers(r, args.answers as AnswerDraft[]);
      return r;
    }
    case 'complete_reflection': {
      const r = findReflection(args.id);
      saveAnswers(r, args.answers as AnswerDraft[]);
      r.feelingsBefore = findSetback(r.setbackId).feelings;
      r.feelingsAfter = args.feelingsAfter as Feeling[];
      r.shift = shiftOf(r.feelingsBefore, r.feelingsAfter);
      r.completedAt = r.completedAt ?? iso(Date.now());
      return r;
    }
    case 'get_reflection':
      return findReflection(args.id);
    case 'reflections_for_setback':
      return reflections.filter((r) => r.setbackId === args.setbackId);
    case 'delete_reflection': {
      const r = findReflection(args.id);
      reflections.splice(reflections.indexOf(r), 1);
      return null;
    }
    case 'list_lessons':
      return [...lessons].reverse().map(lessonSummary);
    case 'lessons_for_setback':
      return lessons.filter((l) => l.setbackIds.includes(Number(args.setbackId))).map(lessonSummary);
    case 'get_lesson':
      return findLesson(args.id);
    case 'create_lesson': {
      const l = newLesson(args.draft as LessonDraft, todayInZone(ZONE));
      lessons.push(l);
      return l;
    }
    case 'update_lesson': {
      const l = findLesson(args.id);
      const d = args.draft as LessonDraft;
      checkWording(d);
      Object.assign(l, { text: d.text, ifSituation: d.ifSituation, thenAction: d.thenAction, areaId: d.areaId ?? l.areaId, setbackIds: d.setbackIds });
      return l;
    }
    case 'revise_lesson': {
      const l = findLesson(args.id);
      const w = args.wording as LessonWording;
      checkWording(w);
      l.revisions.push({ text: l.text, ifSituation: l.ifSituation, thenAction: l.thenAction, revisedAt: iso(Date.now()) });
      Object.assign(l, w, { status: 'revised', statusAfter: statusAfter('revised') });
      return l;
    }
    case 'set_lesson_status': {
      const l = findLesson(args.id);
      if (args.status === 'revised') throw invalid('A lesson is revised by rewording it.');
      l.status = args.status as LessonStatus;
      l.statusAfter = statusAfter(l.status);
      return l;
    }
    case 'delete_lesson': {
      const l = findLesson(args.id);
      lessons.splice(lessons.indexOf(l), 1);
      return null;
    }
    case 'add_revisit': {
      const l = findLesson(args.lessonId);
      l.revisits.push({ id: nextId(), lessonId: l.id, dueOn: String(args.dueOn), answer: null, note: '', answeredAt: null });
      l.revisits.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      return l;
    }
    case 'move_revisit': {
      const l = lessonOfRevisit(args.revisitId);
      const r = l.revisits.find((x) => x.id === args.revisitId)!;
      r.dueOn = String(args.dueOn);
      l.revisits.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
      return l;
    }
    case 'remove_revisit': {
      const l = lessonOfRevisit(args.revisitId);
      l.revisits = l.revisits.filter((x) => x.id !== args.revisitId);
      return l;
    }
    case 'answer_revisit': {
      const l = lessonOfRevisit(args.revisitId);
      const r = l.revisits.find((x) => x.id === args.revisitId)!;
      if (r.answer !== null) throw invalid('This revisit has already been answered.');
      r.answer = args.answer as RevisitAnswer;
      r.note = String(args.note);
      r.answeredAt = iso(Date.now());
      l.status = statusAfterAnswer(l.status, r.answer);
      l.statusAfter = statusAfter(l.status);
      return l;
    }
    case 'lesson_roadmap':
      return areas
        .map((area) => {
          const mine = [...lessons].reverse().filter((l) => l.areaId === area.id).map(lessonSummary);
          return { area, untested: mine.filter((l) => l.status === 'untested'), applied: mine.filter((l) => l.status === 'applied'), validated: mine.filter((l) => l.status === 'validated'), revised: mine.filter((l) => l.status === 'revised') };
        })
        .filter((group) => group.untested.length + group.applied.length + group.validated.length + group.revised.length > 0);
    case 'list_goals':
      return [...goals].reverse().filter((g) => args.status === null || g.status === args.status).map(goalSummary);
    case 'get_goal':
      return findGoal(args.id);
    case 'create_goal': {
      const g = newGoal(args.draft as GoalDraft);
      goals.push(g);
      return g;
    }
    case 'update_goal': {
      const g = findGoal(args.id);
      const d = args.draft as GoalDraft;
      Object.assign(g, { title: d.title, why: d.why, howIllKnow: d.howIllKnow, targetOn: d.targetOn });
      return withSuggestion(g);
    }
    case 'goal_from_lesson': {
      const l = findLesson(args.lessonId);
      const title = l.ifSituation && l.thenAction ? `If ${l.ifSituation}, then I will ${l.thenAction}` : (l.text.split('\n')[0] ?? '');
      const g = newGoal({ kind: 'learning', title: title.slice(0, 120), why: '', howIllKnow: '', targetOn: null, lessonIds: [l.id], setbackIds: [] });
      goals.push(g);
      return g;
    }
    case 'set_goal_status': {
      const g = findGoal(args.id);
      g.status = args.status as Goal['status'];
      return withSuggestion(g);
    }
    case 'pair_goals': {
      const g = findGoal(args.outputGoalId);
      g.pairedLearningGoalId = args.learningGoalId as number | null;
      return withSuggestion(g);
    }
    case 'goal_check_in': {
      const g = findGoal(args.id);
      g.checkIns.push({ id: nextId(), progress: Number(args.progress), note: String(args.note), checkedInAt: iso(Date.now()) });
      return withSuggestion(g);
    }
    case 'delete_goal': {
      const g = findGoal(args.id);
      goals.splice(goals.indexOf(g), 1);
      return null;
    }
    case 'today': {
      const date = todayInZone(ZONE);
      const early = setbacks.map((s) => ({ s, ...stageOf(s) }));
      return {
        date,
        readyToReflect: early.filter((x) => x.stage === 'ready_to_reflect').sort((a, b) => b.s.happenedAt - a.s.happenedAt).map((x) => summaryOfSetback(x.s)),
        revisitsDue: lessons
          .map((l) => ({ l, r: l.revisits.find((r) => r.answer === null && r.dueOn <= date) }))
          .filter((x) => x.r !== undefined)
          .map((x) => ({ revisitId: x.r!.id, dueOn: x.r!.dueOn, lesson: lessonSummary(x.l) })),
        checkInsDue: goals
          .filter((g) => g.status === 'active' && Date.now() - new Date(g.checkIns[g.checkIns.length - 1]?.checkedInAt ?? g.createdAt).getTime() >= 7 * DAY)
          .map(goalSummary),
        coolingDown: early.filter((x) => x.stage === 'cooling_down').sort((a, b) => a.readyAt - b.readyAt).map((x) => summaryOfSetback(x.s)),
      };
    }
    default:
      return undefined;
  }
}

/**
 * Read-only views of the loop's records for support-mock.ts (the brief, the
 * résumé and the search read across everything, as the Rust queries do).
 */
export function loopRecords(): {
  areas: readonly Area[];
  setbacks: Setback[];
  reflections: readonly Reflection[];
  lessons: readonly Lesson[];
  goals: readonly Goal[];
} {
  return { areas, setbacks: setbacks.map(fullSetback), reflections, lessons, goals };
}
