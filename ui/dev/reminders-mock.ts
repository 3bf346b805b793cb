// Fake reminder commands for the mock harness: the reminder settings (inside
// get/update_settings), the pause, the test notification and the missed list.
// The checks mirror crates/core/src/settings.rs closely enough to show the
// backend's refusals in the card.
//
// URL parameters: ?paused (paused for an hour at load), ?remindersoff,
// ?nomissed (or ?empty) for an empty missed list, ?testfail (the test
// notification fails, as without a notification server).

import type { MissedReminder } from '../src/lib/bindings/MissedReminder';
import type { ReminderSettings } from '../src/lib/bindings/ReminderSettings';
import { addDays, nowInZone } from '../src/lib/dates';
import { defaultReminderSettings, normaliseDailyTimes, normaliseTime, sortWeekdays } from '../src/lib/reminders';

const invalid = (message: string): { code: string; message: string } => ({ code: 'invalid_input', message });

let reminders: ReminderSettings = defaultReminderSettings();
let pausedUntil: string | null = null;
let missed: MissedReminder[] = [];
let testFails = false;

export function seedReminders(params: URLSearchParams): void {
  if (params.has('remindersoff')) reminders = { ...reminders, enabled: false };
  if (params.has('paused')) pausedUntil = new Date(Date.now() + 3600_000).toISOString();
  testFails = params.has('testfail');
  if (!params.has('empty') && !params.has('nomissed')) {
    const ago = (hours: number): string => new Date(Date.now() - hours * 3600_000).toISOString();
    missed = [
      { kind: 'ready_to_reflect', dueAt: ago(20), title: 'Ready to reflect' },
      { kind: 'daily_prompt', dueAt: ago(26), title: 'Time for your check-in' },
      { kind: 'goal_check_in', dueAt: ago(40), title: 'Goal check-in' },
      { kind: 'weekly_review', dueAt: ago(50), title: 'Your weekly review' },
    ];
  }
}

function time(what: string, text: string): string {
  const normal = normaliseTime(text);
  if (normal === null || !/^\d{2}:\d{2}$/.test(text.trim())) {
    throw invalid(`${what} “${text.trim()}” is not a time of day (expected HH:MM, such as 08:30).`);
  }
  return normal;
}

function check(input: Partial<ReminderSettings>): ReminderSettings {
  const s = { ...defaultReminderSettings(), ...input };
  const daily = normaliseDailyTimes(s.dailyPromptTimes.map((t) => time('A daily prompt time', t)));
  if (!daily.ok) throw invalid(daily.message);
  if (s.goalCheckInEveryDays > 90) throw invalid(`Goal check-in reminders can be at most 90 days apart, not ${s.goalCheckInEveryDays} (0 turns them off).`);
  if (s.recoveryCheckInEveryDays > 30) throw invalid(`Recovery check-in reminders can be at most 30 days apart, not ${s.recoveryCheckInEveryDays} (0 turns them off).`);
  let quietHours = s.quietHours;
  if (quietHours) {
    const start = time('The start of quiet hours', quietHours.start);
    const end = time('The end of quiet hours', quietHours.end);
    if (start === end) {
      throw invalid(`Quiet hours from ${start} to ${end} would be either no time or all day; choose two different times, or turn quiet hours off.`);
    }
    quietHours = { start, end };
  }
  return {
    ...s,
    dailyPromptTimes: daily.value,
    dailyPromptWeekdays: sortWeekdays(s.dailyPromptWeekdays),
    weeklyReview: s.weeklyReview ? { day: s.weeklyReview.day, time: time('The weekly review time', s.weeklyReview.time) } : null,
    revisitTime: s.revisitTime === null ? null : time('The revisit time', s.revisitTime),
    quietHours,
  };
}

/** The next local midnight in the harness's zone (mock.ts answers Europe/Berlin), as the backend reckons it. */
function localMidnightTomorrow(): string {
  const now = new Date();
  const wall = nowInZone('Europe/Berlin', now); // "YYYY-MM-DDTHH:MM"
  const offset = Date.parse(`${wall}:00Z`) - Math.floor(now.getTime() / 60_000) * 60_000;
  const tomorrow = Date.parse(`${addDays(wall.slice(0, 10), 1)}T00:00:00Z`);
  return new Date(tomorrow - offset).toISOString();
}

/**
 * Answers a reminder command, or undefined for any other. `loop` answers the
 * cool-down part of the settings (loop-mock.ts).
 */
export function handleReminders(cmd: string, args: Record<string, unknown>, loop: (cmd: string, args: Record<string, unknown>) => unknown): unknown {
  switch (cmd) {
    case 'get_settings':
      return { ...(loop(cmd, args) as object), reminders };
    case 'update_settings': {
      const settings = args.settings as { coolDownHours: number; reminders?: ReminderSettings };
      // Nothing is written unless everything is valid.
      const checked = settings.reminders ? check(settings.reminders) : reminders;
      const answer = loop(cmd, args) as object;
      reminders = checked;
      return { ...answer, reminders };
    }
    case 'send_test_notification':
      if (testFails) throw { code: 'internal', message: 'No notification service is running on this desktop.' };
      return null;
    case 'reminder_pause':
      return pausedUntil !== null && new Date(pausedUntil).getTime() > Date.now() ? pausedUntil : null;
    case 'pause_reminders':
      pausedUntil = args.until === 'hour' ? new Date(Date.now() + 3600_000).toISOString() : localMidnightTomorrow();
      return pausedUntil;
    case 'resume_reminders':
      pausedUntil = null;
      return null;
    case 'missed_reminders':
      return missed;
    default:
      return undefined;
  }
}
