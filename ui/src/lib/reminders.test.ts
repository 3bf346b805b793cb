import { describe, expect, it } from 'vitest';
import {
  defaultReminderSettings,
  describeQuietHours,
  describeWeekdays,
  everyDaysText,
  formFromSettings,
  isPaused,
  missedMeta,
  missedTitle,
  nextPromptTime,
  normaliseDailyTimes,
  normaliseTime,
  parseEveryDays,
  pausedUntilText,
  quietHoursWrap,
  reminderKindLabel,
  settingsFromForm,
  sortWeekdays,
  toggleWeekday,
  WEEKDAYS,
} from './reminders';

describe('times of day', () => {
  it('normalises what a time input or a person types to HH:MM', () => {
    expect(normaliseTime('08:30')).toBe('08:30');
    expect(normaliseTime(' 8:05 ')).toBe('08:05');
    expect(normaliseTime('20:00:00')).toBe('20:00');
    expect(normaliseTime('23:59:59.000')).toBe('23:59');
    expect(normaliseTime('00:00')).toBe('00:00');
  });

  it('refuses what is not a time of day', () => {
    for (const text of ['', '24:00', '12:60', '7', '7pm', '12:5', 'noon', '-1:00']) {
      expect(normaliseTime(text), text).toBeNull();
    }
  });

  it('sorts daily prompt times, drops repeats and keeps to the limit', () => {
    expect(normaliseDailyTimes(['20:00', '8:00', '20:00:00', '12:30'])).toEqual({ ok: true, value: ['08:00', '12:30', '20:00'] });
    expect(normaliseDailyTimes([])).toEqual({ ok: true, value: [] });
    const six = ['01:00', '02:00', '03:00', '04:00', '05:00', '06:00'];
    expect(normaliseDailyTimes([...six, '06:00']).ok).toBe(true);
    expect(normaliseDailyTimes([...six, '07:00'])).toEqual({ ok: false, message: 'Up to 6 daily prompts can be set, not 7.' });
  });

  it('says which daily time is empty or wrong', () => {
    expect(normaliseDailyTimes(['20:00', ''])).toEqual({ ok: false, message: 'Daily prompt 2 has no time; fill it in or remove it.' });
    const bad = normaliseDailyTimes(['25:00']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain('“25:00” is not a time of day');
  });

  it('offers an hour after the latest time when adding one', () => {
    expect(nextPromptTime([])).toBe('20:00');
    expect(nextPromptTime(['08:15', '20:30'])).toBe('21:30');
    expect(nextPromptTime(['23:00'])).toBe('00:00');
    expect(nextPromptTime(['', 'x'])).toBe('20:00');
  });
});

describe('weekdays', () => {
  it('lists the week Monday first', () => {
    expect(WEEKDAYS.map((d) => d.value)).toEqual(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
  });

  it('toggles a day, keeping week order and no repeats', () => {
    expect(toggleWeekday(['friday', 'monday'], 'wednesday', true)).toEqual(['monday', 'wednesday', 'friday']);
    expect(toggleWeekday(['monday', 'wednesday'], 'monday', false)).toEqual(['wednesday']);
    expect(toggleWeekday(['sunday'], 'sunday', true)).toEqual(['sunday']);
    expect(toggleWeekday([], 'tuesday', false)).toEqual([]);
    expect(sortWeekdays(['sunday', 'monday', 'sunday'])).toEqual(['monday', 'sunday']);
  });

  it('describes the chosen days in words', () => {
    expect(describeWeekdays(WEEKDAYS.map((d) => d.value))).toBe('every day');
    expect(describeWeekdays([])).toBe('no days');
    expect(describeWeekdays(['friday', 'monday', 'tuesday', 'wednesday', 'thursday'])).toBe('weekdays');
    expect(describeWeekdays(['sunday', 'saturday'])).toBe('weekends');
    expect(describeWeekdays(['friday', 'monday', 'wednesday'])).toBe('Mon, Wed and Fri');
    expect(describeWeekdays(['thursday'])).toBe('Thu');
  });
});

describe('quiet hours', () => {
  it('says when they wrap midnight', () => {
    expect(quietHoursWrap({ start: '22:00', end: '08:00' })).toBe(true);
    expect(quietHoursWrap({ start: '13:00', end: '14:00' })).toBe(false);
    expect(describeQuietHours({ start: '22:00', end: '08:00' })).toBe(
      'No notifications from 22:00 until 08:00 the next morning (overnight, past midnight).',
    );
    expect(describeQuietHours({ start: '23:30', end: '00:15' })).toContain('the next morning (overnight, past midnight)');
    expect(describeQuietHours({ start: '13:00', end: '14:30' })).toBe('No notifications from 13:00 until 14:30.');
  });

  it('describes none, equal and unfinished times', () => {
    expect(describeQuietHours(null)).toBe('Reminders may come at any hour.');
    expect(describeQuietHours({ start: '08:00', end: '08:00' })).toBe('Quiet hours need two different times.');
    expect(describeQuietHours({ start: '', end: '08:00' })).toBe('Choose when quiet hours start and end.');
  });
});

describe('intervals in days', () => {
  it('accepts 0 to the limit, as text or as a number input gives it', () => {
    expect(parseEveryDays('7', 90, 'Goal check-in reminders')).toEqual({ ok: true, value: 7 });
    expect(parseEveryDays(0, 30, 'Recovery check-in reminders')).toEqual({ ok: true, value: 0 });
    expect(parseEveryDays(' 30 ', 30, 'Recovery check-in reminders')).toEqual({ ok: true, value: 30 });
  });

  it('refuses the rest in words', () => {
    expect(parseEveryDays(91, 90, 'Goal check-in reminders')).toEqual({
      ok: false,
      message: 'Goal check-in reminders can be at most 90 days apart, not 91 (0 turns them off).',
    });
    for (const value of [null, '', '1.5', '-1', 'weekly']) {
      expect(parseEveryDays(value, 90, 'Goal check-in reminders').ok, String(value)).toBe(false);
    }
  });

  it('reads intervals in words', () => {
    expect(everyDaysText(0)).toBe('never');
    expect(everyDaysText(1)).toBe('every day');
    expect(everyDaysText(3)).toBe('every 3 days');
  });
});

describe('the reminders form', () => {
  it('round-trips the backend defaults unchanged', () => {
    const defaults = defaultReminderSettings();
    expect(settingsFromForm(formFromSettings(defaults))).toEqual({ ok: true, value: defaults });
    expect(defaults.discreet).toBe(true);
  });

  it('keeps switched-off settings in the form and sends null for them', () => {
    const form = formFromSettings({ ...defaultReminderSettings(), weeklyReview: null, quietHours: null, revisitTime: null });
    expect(form.weeklyOn).toBe(false);
    expect(form.weeklyDay).toBe('sunday');
    expect(form.quietStart).toBe('22:00');
    // A half-typed time in a switched-off section never blocks saving.
    form.quietEnd = '';
    const result = settingsFromForm(form);
    expect(result.ok && result.value.weeklyReview).toBeNull();
    expect(result.ok && result.value.quietHours).toBeNull();
    expect(result.ok && result.value.revisitTime).toBeNull();
  });

  it('normalises what it sends', () => {
    const form = formFromSettings(defaultReminderSettings());
    form.dailyTimes = ['21:00', '7:30', '21:00:00'];
    form.weekdays = ['sunday', 'monday'];
    form.goalDays = 14;
    form.recoveryDays = '0';
    form.weeklyDay = 'friday';
    form.weeklyTime = '17:45:00';
    form.quietStart = '23:00';
    form.quietEnd = '7:00';
    form.discreet = false;
    form.enabled = false;
    expect(settingsFromForm(form)).toEqual({
      ok: true,
      value: {
        enabled: false,
        dailyPromptTimes: ['07:30', '21:00'],
        dailyPromptWeekdays: ['monday', 'sunday'],
        weeklyReview: { day: 'friday', time: '17:45' },
        readyToReflect: true,
        revisitTime: '09:00',
        goalCheckInEveryDays: 14,
        recoveryCheckInEveryDays: 0,
        quietHours: { start: '23:00', end: '07:00' },
        discreet: false,
      },
    });
  });

  it('names the first problem in words', () => {
    const form = formFromSettings(defaultReminderSettings());
    form.quietEnd = '22:00';
    expect(settingsFromForm(form)).toEqual({
      ok: false,
      message: 'Quiet hours from 22:00 to 22:00 would be either no time or all day; choose two different times, or turn quiet hours off.',
    });
    form.quietEnd = '08:00';
    form.weeklyTime = '';
    expect(settingsFromForm(form)).toEqual({ ok: false, message: 'Choose the weekly review time.' });
    form.weeklyTime = '18:00';
    form.recoveryDays = 45;
    const result = settingsFromForm(form);
    expect(!result.ok && result.message).toBe('Recovery check-in reminders can be at most 30 days apart, not 45 (0 turns them off).');
  });
});

describe('pauses', () => {
  const now = new Date('2026-03-10T14:00:00Z');

  it('shows the end in the user zone: a time today, tomorrow, or a date', () => {
    expect(pausedUntilText('2026-03-10T15:00:00Z', 'Europe/Berlin', now)).toBe('16:00');
    // Until tomorrow: local midnight in Berlin is 23:00 UTC.
    expect(pausedUntilText('2026-03-10T23:00:00Z', 'Europe/Berlin', now)).toBe('tomorrow at 00:00');
    expect(pausedUntilText('2026-03-10T23:00:00Z', 'UTC', now)).toBe('23:00');
    expect(pausedUntilText('2026-03-14T09:30:00Z', 'UTC', now)).toMatch(/14.*at 09:30$/);
    expect(pausedUntilText('soon', 'UTC', now)).toBe('soon');
  });

  it('is paused only while the end is ahead', () => {
    expect(isPaused(null, now)).toBe(false);
    expect(isPaused('2026-03-10T15:00:00Z', now)).toBe(true);
    expect(isPaused('2026-03-10T13:59:00Z', now)).toBe(false);
    expect(isPaused('not a time', now)).toBe(false);
  });
});

describe('missed reminders', () => {
  it('names kinds in words, and unknown ones readably', () => {
    expect(reminderKindLabel('ready_to_reflect')).toBe('Ready to reflect');
    expect(reminderKindLabel('weekly_review')).toBe('Weekly review');
    expect(reminderKindLabel('something_new')).toBe('Something new');
  });

  it('shows the kind beside a title that does not say it', () => {
    expect(missedTitle({ kind: 'goal_check_in', title: '' })).toBe('Goal check-in');
    expect(missedMeta({ kind: 'goal_check_in', title: 'Goal check-in' })).toBe('due');
    expect(missedMeta({ kind: 'daily_prompt', title: 'Time for your check-in' })).toBe('Daily check-in · due');
  });
});
