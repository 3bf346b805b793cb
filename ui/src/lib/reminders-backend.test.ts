import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  getSettings,
  missedReminders,
  pauseReminders,
  reminderPause,
  resumeReminders,
  sendTestNotification,
  updateSettings,
} from './backend';
import { defaultReminderSettings } from './reminders';

afterEach(() => {
  clearMocks();
});

describe('reminder commands', () => {
  it('sends the command names and argument shapes', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    const reminders = defaultReminderSettings();
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'get_settings':
        case 'update_settings':
          return { coolDownHours: 24, reminders };
        case 'reminder_pause':
          return null;
        case 'pause_reminders':
          return '2026-03-10T15:00:00Z';
        case 'missed_reminders':
          return [{ kind: 'daily_prompt', dueAt: '2026-03-09T19:00:00Z', title: 'Time for your check-in' }];
        default:
          return null;
      }
    });
    const settings = await getSettings();
    expect(settings.reminders?.discreet).toBe(true);
    await updateSettings({ ...settings, reminders: { ...reminders, discreet: false } });
    await updateSettings({ coolDownHours: 12 });
    await sendTestNotification();
    expect(await reminderPause()).toBeNull();
    expect(await pauseReminders('hour')).toBe('2026-03-10T15:00:00Z');
    await pauseReminders('tomorrow');
    await resumeReminders();
    expect(await missedReminders()).toEqual([{ kind: 'daily_prompt', dueAt: '2026-03-09T19:00:00Z', title: 'Time for your check-in' }]);
    expect(calls.map(({ cmd, args }) => [cmd, args])).toEqual([
      ['get_settings', {}],
      ['update_settings', { settings: { coolDownHours: 24, reminders: { ...reminders, discreet: false } } }],
      // The cool-down alone: the backend keeps the stored reminders.
      ['update_settings', { settings: { coolDownHours: 12 } }],
      ['send_test_notification', {}],
      ['reminder_pause', {}],
      ['pause_reminders', { until: 'hour' }],
      ['pause_reminders', { until: 'tomorrow' }],
      ['resume_reminders', {}],
      ['missed_reminders', {}],
    ]);
  });

  it('turns a refused setting into a BackendError with its sentence', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'Up to 6 daily prompts can be set, not 7.' };
    });
    await expect(updateSettings({ coolDownHours: 24, reminders: defaultReminderSettings() })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Up to 6 daily prompts can be set, not 7.',
    });
  });
});
