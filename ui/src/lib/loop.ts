// Pure helpers for the failing-up loop views: labels, date wording, form
// validation and the small list manipulations the views share. Nothing here
// talks to the backend or to Svelte, so every rule can be unit-tested.

import type { Control } from './bindings/Control';
import type { Feeling } from './bindings/Feeling';
import type { FeelingShift } from './bindings/FeelingShift';
import type { GoalKind } from './bindings/GoalKind';
import type { GoalStatus } from './bindings/GoalStatus';
import type { Lesson } from './bindings/Lesson';
import type { LessonStatus } from './bindings/LessonStatus';
import type { Prompt } from './bindings/Prompt';
import type { RevisitAnswer } from './bindings/RevisitAnswer';
import type { SetbackDraft } from './bindings/SetbackDraft';
import type { Stage } from './bindings/Stage';
import type { TemplateDraft } from './bindings/TemplateDraft';
import { normalizeLocalDateTime } from './dates';
import { formatInstant } from './format';
import { labelOf } from './choices';

export const SETBACK_PAGE_SIZE = 50;
/** Mirrors the backend's limits, so the form can say so before sending. */
export const MAX_FEELINGS = 20;
export const MAX_EMOTION_CHARS = 40;
export const MAX_COOL_DOWN_HOURS = 30 * 24;
/** The intensity a newly picked feeling starts at: the middle, not a judgement. */
export const DEFAULT_INTENSITY = 50;

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  cooling_down: 'Cooling down',
  ready_to_reflect: 'Ready to reflect',
  reflected: 'Reflected',
  lessons_drawn: 'Lessons drawn',
  recovered: 'Bounced back',
};

export const CONTROL_OPTIONS: ReadonlyArray<{ value: Control; label: string }> = [
  { value: 'none', label: 'None of it' },
  { value: 'some', label: 'Some of it' },
  { value: 'most', label: 'Most of it' },
  { value: 'all', label: 'All of it' },
];

export function controlLabel(control: Control): string {
  return labelOf(CONTROL_OPTIONS, control);
}

export const LESSON_STATUSES: ReadonlyArray<{ value: LessonStatus; label: string; hint: string }> = [
  { value: 'untested', label: 'Untested', hint: 'Not tried yet.' },
  { value: 'applied', label: 'Applied', hint: 'Tried at least once.' },
  { value: 'validated', label: 'Validated', hint: 'Tried, and confirmed on a later revisit.' },
  { value: 'revised', label: 'Revised', hint: 'Reworded; the new wording is not tried yet.' },
];

export function lessonStatusLabel(status: LessonStatus): string {
  return labelOf(LESSON_STATUSES, status);
}

export const REVISIT_ANSWERS: ReadonlyArray<{ value: RevisitAnswer; label: string }> = [
  { value: 'yes', label: 'Yes' },
  { value: 'partly', label: 'Partly' },
  { value: 'not_yet', label: 'Not yet' },
  { value: 'not_relevant', label: 'Not relevant' },
];

export function revisitAnswerLabel(answer: RevisitAnswer): string {
  return labelOf(REVISIT_ANSWERS, answer);
}

/**
 * The status a lesson would move to for `answer`, as the backend says in
 * `lesson.statusAfter` (the rule itself lives in core: lessons.rs,
 * `status_after_answer`). Used to say beforehand what an answer will do.
 */
export function statusIfAnswered(lesson: Pick<Lesson, 'statusAfter'>, answer: RevisitAnswer): LessonStatus {
  switch (answer) {
    case 'yes':
      return lesson.statusAfter.yes;
    case 'partly':
      return lesson.statusAfter.partly;
    case 'not_yet':
      return lesson.statusAfter.notYet;
    case 'not_relevant':
      return lesson.statusAfter.notRelevant;
  }
}

export const GOAL_KINDS: ReadonlyArray<{ value: GoalKind; label: string; hint: string }> = [
  { value: 'learning', label: 'Learning', hint: 'Getting better at something.' },
  { value: 'output', label: 'Output', hint: 'Reaching a result.' },
];

export const GOAL_STATUSES: ReadonlyArray<{ value: GoalStatus; label: string }> = [
  { value: 'active', label: 'Active' },
  { value: 'achieved', label: 'Achieved' },
  { value: 'let_go', label: 'Let go' },
];

export function goalKindLabel(kind: GoalKind): string {
  return labelOf(GOAL_KINDS, kind);
}

export function goalStatusLabel(status: GoalStatus): string {
  return labelOf(GOAL_STATUSES, status);
}

/** The sentence that explains a setback's cool-down, in the user's zone. */
export function readyAtText(readyAt: string, timeZone: string): string {
  return `Ready to reflect from ${formatInstant(readyAt, timeZone)}`;
}

/** Whole days from `from` to `to` ("YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const parse = (day: string): number => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
    return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  };
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}

/** "due today", "due in 3 days", "due 2 days ago": how a revisit date reads today, without "overdue". */
export function dueText(dueOn: string, today: string): string {
  const days = daysBetween(today, dueOn);
  if (Number.isNaN(days)) {
    return `due ${dueOn}`;
  }
  if (days === 0) {
    return 'due today';
  }
  if (days === 1) {
    return 'due tomorrow';
  }
  if (days > 1) {
    return `due in ${days} days`;
  }
  return days === -1 ? 'due yesterday' : `due ${-days} days ago`;
}

export interface ShiftRow {
  emotion: string;
  before: string;
  after: string;
  /** after − before, when both are known. */
  change: number | null;
  /** Words for the change, so it is not carried by colour or arrows alone. */
  summary: string;
  direction: 'eased' | 'grew' | 'same' | 'new' | 'not-rerated';
}

/** The rows of the before → after table shown when a reflection is completed. */
export function shiftRows(shift: readonly FeelingShift[]): ShiftRow[] {
  return shift.map((item) => {
    const before = item.before === null ? '—' : String(item.before);
    const after = item.after === null ? '—' : String(item.after);
    if (item.before === null) {
      return { emotion: item.emotion, before, after, change: null, summary: 'new now', direction: 'new' };
    }
    if (item.after === null) {
      return {
        emotion: item.emotion,
        before,
        after,
        change: null,
        summary: 'not re-rated',
        direction: 'not-rerated',
      };
    }
    const change = item.after - item.before;
    if (change < 0) {
      return { emotion: item.emotion, before, after, change, summary: `eased by ${-change}`, direction: 'eased' };
    }
    if (change > 0) {
      return { emotion: item.emotion, before, after, change, summary: `grew by ${change}`, direction: 'grew' };
    }
    return { emotion: item.emotion, before, after, change, summary: 'unchanged', direction: 'same' };
  });
}

/**
 * Adds a feeling unless the same emotion (in any case) is already listed,
 * which the backend would refuse. Returns the list unchanged when nothing
 * can be added.
 */
export function addFeeling(list: readonly Feeling[], emotion: string, intensity = DEFAULT_INTENSITY): Feeling[] {
  const word = emotion.trim();
  if (word === '' || list.length >= MAX_FEELINGS) {
    return [...list];
  }
  if (list.some((f) => f.emotion.toLowerCase() === word.toLowerCase())) {
    return [...list];
  }
  return [...list, { emotion: word.slice(0, MAX_EMOTION_CHARS), intensity }];
}

export function hasFeeling(list: readonly Feeling[], emotion: string): boolean {
  return list.some((f) => f.emotion.toLowerCase() === emotion.trim().toLowerCase());
}

export function removeFeeling(list: readonly Feeling[], emotion: string): Feeling[] {
  return list.filter((f) => f.emotion.toLowerCase() !== emotion.trim().toLowerCase());
}

/** Adds every comma-separated word of `text` as a feeling ("tired, numb"). */
export function addFeelingWords(list: readonly Feeling[], text: string): Feeling[] {
  let next = [...list];
  for (const word of text.split(',')) {
    next = addFeeling(next, word);
  }
  return next;
}

export interface SetbackForm {
  title: string;
  whatHappened: string;
  /** What the datetime-local input holds. */
  when: string;
  timeZone: string;
  areaId: number | null;
  impact: number;
  control: Control;
  feelings: Feeling[];
  entryIds: number[];
  coolDownHours: number | null;
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Checks a setback form the way the backend will, in words the form can show. */
export function validateSetbackForm(
  form: SetbackForm,
  now: string,
): FieldErrors<'title' | 'when' | 'impact' | 'feelings'> {
  const errors: FieldErrors<'title' | 'when' | 'impact' | 'feelings'> = {};
  if (form.title.trim() === '') {
    errors.title = 'Give it a short title, a few words are enough.';
  }
  const when = normalizeLocalDateTime(form.when);
  if (when === null) {
    errors.when = 'Choose when it happened.';
  } else if (when > now) {
    errors.when = 'A setback is something that already happened; choose a time up to now.';
  }
  if (!Number.isInteger(form.impact) || form.impact < 1 || form.impact > 10) {
    errors.impact = 'Impact is a number from 1 to 10.';
  }
  if (form.feelings.length > MAX_FEELINGS) {
    errors.feelings = `Up to ${MAX_FEELINGS} feelings can be noted.`;
  }
  return errors;
}

export function setbackDraftFrom(form: SetbackForm): SetbackDraft {
  return {
    title: form.title.trim(),
    whatHappened: form.whatHappened.trim(),
    localDateTime: normalizeLocalDateTime(form.when),
    timeZone: form.timeZone,
    areaId: form.areaId,
    impact: form.impact,
    control: form.control,
    feelings: form.feelings.map((f) => ({ emotion: f.emotion, intensity: Math.round(f.intensity) })),
    entryIds: [...form.entryIds],
    coolDownHours: form.coolDownHours,
  };
}

export interface LessonForm {
  text: string;
  ifSituation: string;
  thenAction: string;
}

/** Text is required; the if–then plan needs both parts or neither. */
export function validateLessonForm(form: LessonForm): FieldErrors<'text' | 'plan'> {
  const errors: FieldErrors<'text' | 'plan'> = {};
  if (form.text.trim() === '') {
    errors.text = 'Write the lesson in your own words: “Next time I will…”.';
  }
  const hasIf = form.ifSituation.trim() !== '';
  const hasThen = form.thenAction.trim() !== '';
  if (hasIf !== hasThen) {
    errors.plan = hasIf
      ? 'Add what you will do (“then I will …”), or clear the situation.'
      : 'Add the situation (“if …”), or clear what you will do.';
  }
  return errors;
}

/** The wording fields of a lesson form, with empty if–then parts as null. */
export function lessonWordingFrom(form: LessonForm): {
  text: string;
  ifSituation: string | null;
  thenAction: string | null;
} {
  const ifSituation = form.ifSituation.trim();
  const thenAction = form.thenAction.trim();
  return {
    text: form.text.trim(),
    ifSituation: ifSituation === '' ? null : ifSituation,
    thenAction: thenAction === '' ? null : thenAction,
  };
}

/** "If …, then I will …" for a lesson that has a plan, else null. */
export function planText(ifSituation: string | null, thenAction: string | null): string | null {
  if (ifSituation === null || thenAction === null) {
    return null;
  }
  return `If ${ifSituation}, then I will ${thenAction}`;
}

export function validateTemplateDraft(draft: TemplateDraft): string[] {
  const problems: string[] = [];
  if (draft.name.trim() === '') {
    problems.push('Give the template a name.');
  }
  if (draft.prompts.length === 0) {
    problems.push('A template needs at least one prompt.');
  }
  draft.prompts.forEach((prompt: Prompt, index) => {
    if (prompt.text.trim() === '') {
      problems.push(`Prompt ${index + 1} is empty; write a question or remove it.`);
    }
  });
  return problems;
}

/** A copy of `list` with the item at `index` moved by `delta` places, if it can move. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const copy = [...list];
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) {
    return copy;
  }
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** Parses the cool-down field: whole hours from 0 to 30 days, else an error sentence. */
export function parseCoolDownHours(value: string): { ok: true; hours: number } | { ok: false; message: string } {
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    return { ok: false, message: 'Enter a whole number of hours, such as 24.' };
  }
  const hours = Number(text);
  if (hours > MAX_COOL_DOWN_HOURS) {
    return { ok: false, message: `The longest cool-down is ${MAX_COOL_DOWN_HOURS} hours (30 days).` };
  }
  return { ok: true, hours };
}

