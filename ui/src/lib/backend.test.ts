import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import {
  BackendError,
  createEntry,
  deleteEntry,
  errorMessage,
  getEntry,
  isFatal,
  listEntries,
  searchEntries,
} from './backend';

afterEach(() => {
  clearMocks();
});

describe('backend commands', () => {
  it('sends camelCase arguments under the command names the backend expects', async () => {
    const calls: Array<{ cmd: string; args: unknown }> = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'list_entries') {
        return { entries: [], nextCursor: null };
      }
      if (cmd === 'search_entries') {
        return [];
      }
      if (cmd === 'create_entry') {
        return { id: 7 };
      }
      return null;
    });

    await listEntries('cursor-1', 50);
    await searchEntries('bounce', 20);
    await createEntry({ title: 't', body: '', localDateTime: null, timeZone: null, mood: 3, tags: [] });
    await deleteEntry(7);

    expect(calls).toEqual([
      { cmd: 'list_entries', args: { cursor: 'cursor-1', limit: 50 } },
      { cmd: 'search_entries', args: { query: 'bounce', limit: 20 } },
      {
        cmd: 'create_entry',
        args: {
          draft: { title: 't', body: '', localDateTime: null, timeZone: null, mood: 3, tags: [] },
        },
      },
      { cmd: 'delete_entry', args: { id: 7 } },
    ]);
  });
});

describe('backend error mapping', () => {
  it('wraps the backend {code, message} rejection in a BackendError', async () => {
    mockIPC(() => {
      throw { code: 'not_found', message: 'That entry no longer exists.' };
    });
    const error = await getEntry(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: 'not_found', message: 'That entry no longer exists.' });
    expect(isFatal(error)).toBe(false);
  });

  it('marks database errors as fatal', async () => {
    mockIPC(() => {
      throw { code: 'database_too_new', message: 'This journal was written by a newer version.' };
    });
    const error = await listEntries(null, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(isFatal(error)).toBe(true);
    expect(errorMessage(error)).toBe('This journal was written by a newer version.');
  });

  it('turns a bare string rejection into an internal error with readable text', async () => {
    mockIPC(() => {
      throw 'command list_entries not allowed by ACL';
    });
    const error = await listEntries(null, 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('internal');
    expect((error as BackendError).message).toContain('command list_entries not allowed by ACL');
  });

  it('never produces "[object Object]" for unknown shapes', () => {
    const odd = BackendError.from({ code: 'weird', message: 42, detail: { x: 1 } });
    expect(odd.code).toBe('internal');
    expect(odd.message).not.toContain('[object Object]');
    expect(odd.message.length).toBeGreaterThan(10);

    const fromError = BackendError.from(new TypeError('boom'));
    expect(fromError.code).toBe('internal');
    expect(fromError.message).toContain('boom');

    expect(BackendError.from(undefined).message).toMatch(/went wrong/);
    expect(errorMessage({ message: 'Disk is full.' })).toContain('Disk is full.');
  });

  it('passes a BackendError through unchanged', () => {
    const original = new BackendError('storage', 'The disk is full.');
    expect(BackendError.from(original)).toBe(original);
  });
});
