import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  BackendError,
  applyImport,
  changePassphrase,
  chooseImport,
  exportMarkdown,
  listBackups,
  onJournalProblem,
  restoreBackup,
  setAutoLock,
  unlock,
} from './backend';

afterEach(() => {
  clearMocks();
});

describe('privacy and data commands', () => {
  it('send the argument names the backend expects', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return cmd === 'apply_import' ? { format: 'daylio', counts: [], skipped: [] } : null;
    });
    await unlock('correct horse battery');
    await changePassphrase('old one here', 'new one here');
    await setAutoLock(null);
    await restoreBackup('b-1', null);
    await exportMarkdown(true);
    await chooseImport('day_one');
    await applyImport({ moodScale: [{ label: 'rad', mood: 10 }] });
    expect(calls).toEqual([
      { cmd: 'unlock', args: { passphrase: 'correct horse battery' } },
      { cmd: 'change_passphrase', args: { current: 'old one here', next: 'new one here' } },
      { cmd: 'set_auto_lock', args: { minutes: null } },
      { cmd: 'restore_backup', args: { id: 'b-1', passphrase: null } },
      { cmd: 'export_markdown', args: { asZip: true } },
      { cmd: 'choose_import', args: { format: 'day_one' } },
      { cmd: 'apply_import', args: { options: { moodScale: [{ label: 'rad', mood: 10 }] } } },
    ]);
  });

  it('keep the new error codes so that the UI can branch on a wrong passphrase', async () => {
    mockIPC(() => {
      throw { code: 'wrong_passphrase', message: 'That passphrase does not open this journal.' };
    });
    const error = await unlock('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code, 'wrong_passphrase must not be turned into internal').toBe('wrong_passphrase');
  });

  it('tell the shell when any command finds the journal locked, and stop when asked', async () => {
    mockIPC(() => {
      throw { code: 'locked', message: 'Your journal is locked.' };
    });
    const seen: string[] = [];
    const stop = onJournalProblem((code) => seen.push(code));
    await listBackups().catch(() => undefined);
    expect(seen, 'a locked answer from any command shows the lock screen').toEqual(['locked']);
    stop();
    await listBackups().catch(() => undefined);
    expect(seen, 'nothing is reported after unsubscribing').toEqual(['locked']);
  });
});
