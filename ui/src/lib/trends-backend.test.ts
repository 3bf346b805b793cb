import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  brsStatus,
  closeSampleJournal,
  deleteCheckIn,
  journalKind,
  logCheckIn,
  logRecoveryCheckIn,
  openSampleJournal,
  recentCheckIns,
  submitBrs,
  trends,
} from './backend';

afterEach(() => {
  clearMocks();
});

describe('trends contract commands', () => {
  it('sends the contract names and argument shapes', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'recent_check_ins') return [];
      if (cmd === 'journal_kind') return 'sample';
      return null;
    });
    const draft = { mood: 7, confidence: 6, energy: null, note: '', localDateTime: null, timeZone: null };
    await logCheckIn(draft);
    await recentCheckIns(20);
    await deleteCheckIn(4);
    await logRecoveryCheckIn(101, 6);
    await brsStatus();
    await submitBrs([4, 2, 4, 2, 3, 3]);
    await trends('days90');
    expect(await journalKind()).toBe('sample');
    await openSampleJournal();
    await closeSampleJournal();
    expect(calls.map(({ cmd, args }) => [cmd, args])).toEqual([
      ['log_check_in', { draft }],
      ['recent_check_ins', { limit: 20 }],
      ['delete_check_in', { id: 4 }],
      ['log_recovery_check_in', { setbackId: 101, recovered: 6 }],
      ['brs_status', {}],
      ['submit_brs', { answers: [4, 2, 4, 2, 3, 3] }],
      ['trends', { range: 'days90' }],
      ['journal_kind', {}],
      ['open_sample_journal', {}],
      ['close_sample_journal', {}],
    ]);
  });

  it('turns a backend refusal into a BackendError with its sentence', async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'Mood goes from 1 to 10.' };
    });
    await expect(logCheckIn({ mood: 11, confidence: 5, energy: null, note: '', localDateTime: null, timeZone: null })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Mood goes from 1 to 10.',
    });
  });
});
