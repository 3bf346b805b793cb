import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { BackendError, call, onJournalProblem, type JournalProblem } from './backend';

afterEach(() => {
  clearMocks();
});

describe('call', () => {
  it('sends the command with its arguments and answers its result', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      return { setbacks: [], nextCursor: null };
    });
    const page = await call('list_setbacks', { cursor: null, limit: 50 });
    expect(page.setbacks).toEqual([]);
    expect(calls).toEqual([{ cmd: 'list_setbacks', args: { cursor: null, limit: 50 } }]);
  });

  it("rethrows core's {code, message} as a BackendError with core's sentence", async () => {
    mockIPC(() => {
      throw { code: 'invalid_input', message: 'A setback needs a title.' };
    });
    const error = await call('create_area', { name: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('invalid_input');
    expect((error as BackendError).message).toBe('A setback needs a title.');
  });

  it('reads a bridge failure as words rather than as an unknown code', async () => {
    mockIPC(() => {
      throw 'command delete_entry not allowed';
    });
    const error = (await call('delete_entry', { id: 1 }).catch((e: unknown) => e)) as BackendError;
    expect(error.code).toBe('internal');
    expect(error.message).toBe('Something went wrong inside Failing Up: command delete_entry not allowed');
  });

  it('hands journal problems to the shell, and only those', async () => {
    const seen: JournalProblem[] = [];
    const stop = onJournalProblem((problem) => seen.push(problem));
    for (const code of ['locked', 'database_damaged', 'database_too_new', 'database_unavailable', 'not_found']) {
      mockIPC(() => {
        throw { code, message: `because ${code}` };
      });
      await expect(call('today')).rejects.toBeInstanceOf(BackendError);
    }
    stop();
    expect(seen.map((problem) => problem.code)).toEqual(['locked', 'database_damaged', 'database_too_new', 'database_unavailable']);
  });
});
