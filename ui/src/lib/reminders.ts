// Pure helpers for the reminder settings and the missed-reminders list:
// validating and normalising times, weekday toggles, the words for quiet hours
// and pauses, and the form model of Settings → Reminders. Nothing here talks
// to the backend or to Svelte, so every rule can be unit-tested. The rules
// mirror `crates/core/src/settings.rs`; the backend checks again and its
// sentence is shown when it refuses.

import type { QuietHours } from './bindings/QuietHours';
import type { ReminderSettings } from './bindings/ReminderSettings';
import type { Weekday } from './bindings/Weekday';
import { wallClockParts } from './dates';
import { formatNearDay } from './format';

/** Mirrors the backend's limits, so the form can say so before sending. */
export const MAX_DAILY_PROMPTS = 6;
export const MAX_GOAL_CHECK_IN_DAYS = 90;
export const MAX_RECOVERY_CHECK_IN_DAYS = 30;

/** All seven days, Monday first, with their names. */
export const WEEKDAYS: ReadonlyArray<{ value: Weekday; label: string; short: string }> = [
  { value: 'monday', label: 'Monday', short: 'Mon' },
  { value: 'tuesday', label: 'Tuesday', short: 'Tue' },
  { value: 'wednesday', label: 'Wednesday', short: 'Wed' },
  { value: 'thursday', label: 'Thursday', short: 'Thu' },
  { value: 'friday', label: 'Friday', short: 'Fri' },
  { value: 'saturday', label: 'Saturday', short: 'Sat' },
  { value: 'sunday', label: 'Sunday', short: 'Sun' },
];

const ORDER: readonly Weekday[] = WEEKDAYS.map((d) => d.value);

/** The backend's defaults (`ReminderSettings::default()`), for a read without reminders. */
export function defaultReminderSettings(): ReminderSettings {
  return {
    enabled: true,
    dailyPromptTimes: ['20:00'],
    dailyPromptWeekdays: [...ORDER],
    weeklyReview: { day: 'sunday', time: '18:00' },
    readyToReflect: true,
    revisitTime: '09:00',
    goalCheckInEveryDays: 7,
    recoveryCheckInEveryDays: 3,
    quietHours: { start: '22:00', end: '08:00' },
    discreet: true,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A local time of day as the backend stores it, "HH:MM", or null when `text`
 * is not one. Accepts what a time input reports ("08:30", "08:30:00") and a
 * single-digit hour ("8:30").
 */
export function normaliseTime(text: string): string | null {
  const m = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) {
    return null;
  }
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) {
    return null;
  }
  return `${pad(hour)}:${pad(minute)}`;
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The daily prompt times checked and normalised as the backend keeps them:
 * "HH:MM", earliest first, without repeats, at most {@link MAX_DAILY_PROMPTS}.
 */
export function normaliseDailyTimes(times: readonly string[]): Checked<string[]> {
  const checked: string[] = [];
  for (const [index, time] of times.entries()) {
    if (time.trim() === '') {
      return { ok: false, message: `Daily prompt ${index + 1} has no time; fill it in or remove it.` };
    }
    const normal = normaliseTime(time);
    if (normal === null) {
      return { ok: false, message: `Daily prompt time “${time.trim()}” is not a time of day (expected HH:MM, such as 08:30).` };
    }
    checked.push(normal);
  }
  // "HH:MM" sorts as text in time order.
  const unique = [...new Set(checked)].sort();
  if (unique.length > MAX_DAILY_PROMPTS) {
    return { ok: false, message: `Up to ${MAX_DAILY_PROMPTS} daily prompts can be set, not ${unique.length}.` };
  }
  return { ok: true, value: unique };
}

/** `days` Monday first, without repeats. */
export function sortWeekdays(days: readonly Weekday[]): Weekday[] {
  return ORDER.filter((d) => days.includes(d));
}

/** `days` with `day` turned on or off, Monday first and without repeats. */
export function toggleWeekday(days: readonly Weekday[], day: Weekday, on: boolean): Weekday[] {
  const set = new Set(days);
  if (on) {
    set.add(day);
  } else {
    set.delete(day);
  }
  return ORDER.filter((d) => set.has(d));
}

/** "every day", "weekdays", "weekends", "Mon, Wed and Fri", "no days". */
export function describeWeekdays(days: readonly Weekday[]): string {
  const sorted = ORDER.filter((d) => days.includes(d));
  if (sorted.length === 7) return 'every day';
  if (sorted.length === 0) return 'no days';
  const key = sorted.join(',');
  if (key === 'monday,tuesday,wednesday,thursday,friday') return 'weekdays';
  if (key === 'saturday,sunday') return 'weekends';
  const names = sorted.map((d) => WEEKDAYS.find((w) => w.value === d)?.short ?? d);
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** True when quiet hours run past midnight (start later than end, as 22:00–08:00). */
export function quietHoursWrap(quiet: QuietHours): boolean {
  return quiet.start > quiet.end;
}

/** Quiet hours in words, saying so when they run overnight. */
export function describeQuietHours(quiet: QuietHours | null): string {
  if (quiet === null) {
    return 'Reminders may come at any hour.';
  }
  const start = normaliseTime(quiet.start);
  const end = normaliseTime(quiet.end);
  if (start === null || end === null) {
    return 'Choose when quiet hours start and end.';
  }
  if (start === end) {
    return 'Quiet hours need two different times.';
  }
  if (start > end) {
    return `No notifications from ${start} until ${end} the next morning (overnight, past midnight).`;
  }
  return `No notifications from ${start} until ${end}.`;
}

/**
 * A whole number of days between 0 and `max`, in words when it is not. Takes
 * what a number input's binding holds: text, a number, or null when empty.
 */
export function parseEveryDays(text: string | number | null | undefined, max: number, what: string): Checked<number> {
  const trimmed = String(text ?? '').trim();
  if (!/^\d+$/.test(trimmed)) {
    return { ok: false, message: `${what}: enter a whole number of days (0 turns them off).` };
  }
  const days = Number(trimmed);
  if (days > max) {
    return { ok: false, message: `${what} can be at most ${max} days apart, not ${days} (0 turns them off).` };
  }
  return { ok: true, value: days };
}

/** "every 3 days", "every day", "never" for an interval in days. */
export function everyDaysText(days: number): string {
  if (days === 0) return 'never';
  return days === 1 ? 'every day' : `every ${days} days`;
}

/**
 * The card's editable state: every optional setting keeps its last value
 * while switched off, so turning it back on restores it.
 */
export interface ReminderForm {
  enabled: boolean;
  dailyTimes: string[];
  weekdays: Weekday[];
  readyToReflect: boolean;
  revisitOn: boolean;
  revisitTime: string;
  /** Text or number: a number input's binding holds a number (null when empty). */
  goalDays: string | number | null;
  recoveryDays: string | number | null;
  weeklyOn: boolean;
  weeklyDay: Weekday;
  weeklyTime: string;
  quietOn: boolean;
  quietStart: string;
  quietEnd: string;
  discreet: boolean;
}

export function formFromSettings(settings: ReminderSettings): ReminderForm {
  const defaults = defaultReminderSettings();
  return {
    enabled: settings.enabled,
    dailyTimes: [...settings.dailyPromptTimes],
    weekdays: sortWeekdays(settings.dailyPromptWeekdays),
    readyToReflect: settings.readyToReflect,
    revisitOn: settings.revisitTime !== null,
    revisitTime: settings.revisitTime ?? defaults.revisitTime ?? '09:00',
    goalDays: String(settings.goalCheckInEveryDays),
    recoveryDays: String(settings.recoveryCheckInEveryDays),
    weeklyOn: settings.weeklyReview !== null,
    weeklyDay: settings.weeklyReview?.day ?? 'sunday',
    weeklyTime: settings.weeklyReview?.time ?? '18:00',
    quietOn: settings.quietHours !== null,
    quietStart: settings.quietHours?.start ?? '22:00',
    quietEnd: settings.quietHours?.end ?? '08:00',
    discreet: settings.discreet,
  };
}

function timeOf(text: string, what: string): Checked<string> {
  const normal = normaliseTime(text);
  if (normal === null) {
    return {
      ok: false,
      message: text.trim() === '' ? `Choose ${what}.` : `${what[0]?.toUpperCase()}${what.slice(1)} “${text.trim()}” is not a time of day (expected HH:MM).`,
    };
  }
  return { ok: true, value: normal };
}

/**
 * The settings to send for `form`, or the first problem in words. Settings
 * that are switched off are checked only while on, so a half-typed time in a
 * section the user turned off never blocks saving the rest.
 */
export function settingsFromForm(form: ReminderForm): Checked<ReminderSettings> {
  const daily = normaliseDailyTimes(form.dailyTimes);
  if (!daily.ok) return daily;
  let revisitTime: string | null = null;
  if (form.revisitOn) {
    const time = timeOf(form.revisitTime, 'the revisit reminder time');
    if (!time.ok) return time;
    revisitTime = time.value;
  }
  const goal = parseEveryDays(form.goalDays, MAX_GOAL_CHECK_IN_DAYS, 'Goal check-in reminders');
  if (!goal.ok) return goal;
  const recovery = parseEveryDays(form.recoveryDays, MAX_RECOVERY_CHECK_IN_DAYS, 'Recovery check-in reminders');
  if (!recovery.ok) return recovery;
  let weeklyReview: ReminderSettings['weeklyReview'] = null;
  if (form.weeklyOn) {
    const time = timeOf(form.weeklyTime, 'the weekly review time');
    if (!time.ok) return time;
    weeklyReview = { day: form.weeklyDay, time: time.value };
  }
  let quietHours: QuietHours | null = null;
  if (form.quietOn) {
    const start = timeOf(form.quietStart, 'when quiet hours start');
    if (!start.ok) return start;
    const end = timeOf(form.quietEnd, 'when quiet hours end');
    if (!end.ok) return end;
    if (start.value === end.value) {
      return {
        ok: false,
        message: `Quiet hours from ${start.value} to ${end.value} would be either no time or all day; choose two different times, or turn quiet hours off.`,
      };
    }
    quietHours = { start: start.value, end: end.value };
  }
  return {
    ok: true,
    value: {
      enabled: form.enabled,
      dailyPromptTimes: daily.value,
      dailyPromptWeekdays: sortWeekdays(form.weekdays),
      weeklyReview,
      readyToReflect: form.readyToReflect,
      revisitTime,
      goalCheckInEveryDays: goal.value,
      recoveryCheckInEveryDays: recovery.value,
      quietHours,
      discreet: form.discreet,
    },
  };
}

/** The next daily prompt time to offer when adding one: an hour after the last, or 20:00. */
export function nextPromptTime(times: readonly string[]): string {
  const last = [...times].map(normaliseTime).filter((t): t is string => t !== null).sort().pop();
  if (last === undefined) return '20:00';
  const hour = (Number(last.slice(0, 2)) + 1) % 24;
  return `${pad(hour)}:${last.slice(3)}`;
}

/**
 * When a pause ends, in the user's zone: "21:15" today, "tomorrow at 00:00",
 * or a weekday and date further out. An unreadable instant is shown as given.
 */
export function pausedUntilText(until: string, timeZone: string, now: Date = new Date()): string {
  const end = new Date(until);
  if (Number.isNaN(end.getTime())) {
    return until;
  }
  const at = wallClockParts(end, timeZone);
  const today = wallClockParts(now, timeZone).day;
  const tomorrow = wallClockParts(new Date(now.getTime() + 24 * 3600 * 1000), timeZone).day;
  if (at.day === today) return at.time;
  if (at.day === tomorrow) return `tomorrow at ${at.time}`;
  return `${formatNearDay(end, timeZone)} at ${at.time}`;
}

/** True while `until` (RFC 3339, or null) is still ahead of `now`. */
export function isPaused(until: string | null, now: Date = new Date()): boolean {
  if (until === null) return false;
  const end = new Date(until).getTime();
  return !Number.isNaN(end) && end > now.getTime();
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  daily_prompt: 'Daily check-in',
  ready_to_reflect: 'Ready to reflect',
  lesson_revisit: 'Lesson to revisit',
  goal_check_in: 'Goal check-in',
  weekly_review: 'Weekly review',
  recovery_check_in: 'Recovery check-in',
};

/** A reminder kind ("ready_to_reflect") in words; an unknown kind as readable text. */
export function reminderKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? (kind.charAt(0).toUpperCase() + kind.slice(1)).replace(/_/g, ' ');
}

/** The title of a missed reminder in Today: its own, or its kind in words. */
export function missedTitle(item: { kind: string; title: string }): string {
  return item.title.trim() === '' ? reminderKindLabel(item.kind) : item.title.trim();
}

/** What precedes its due time: "due", or "Daily check-in · due" when the title does not say the kind. */
export function missedMeta(item: { kind: string; title: string }): string {
  const kind = reminderKindLabel(item.kind);
  return missedTitle(item) === kind ? 'due' : `${kind} · due`;
}
