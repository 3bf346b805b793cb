// The one port between the web UI and the Rust backend.
//
// This is the only module that imports `@tauri-apps/api`. Components call the
// typed functions below instead of `invoke`, so that command names, argument
// shapes and error handling live in one place and can be mocked in one place.

import { invoke } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';
import type { Entry } from './bindings/Entry';
import type { EntryDraft } from './bindings/EntryDraft';
import type { EntryPage } from './bindings/EntryPage';
import type { EntrySummary } from './bindings/EntrySummary';
import type { ErrorCode } from './bindings/ErrorCode';

const ERROR_CODES: readonly ErrorCode[] = [
  'not_found',
  'invalid_input',
  'database_too_new',
  'database_unavailable',
  'storage',
  'internal',
];

/**
 * An error reported by the backend (or by the bridge to it), always carrying
 * a code to branch on and a sentence that can be shown to the user as is.
 */
export class BackendError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }

  /** Wraps whatever a rejected `invoke` produced into a BackendError. */
  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) {
      return raw;
    }
    if (isAppError(raw)) {
      return new BackendError(raw.code, raw.message);
    }
    // Anything else is a bug or a bridge failure (for example a missing
    // permission, which Tauri reports as a bare string). It still has to read
    // as words rather than "[object Object]".
    return new BackendError('internal', describeUnknown(raw));
  }
}

function isAppError(raw: unknown): raw is AppError {
  if (typeof raw !== 'object' || raw === null) {
    return false;
  }
  const candidate = raw as Record<string, unknown>;
  return (
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.message === 'string'
  );
}

function describeUnknown(raw: unknown): string {
  const prefix = 'Something went wrong inside Failing Up';
  if (typeof raw === 'string' && raw.trim() !== '') {
    return `${prefix}: ${raw.trim()}`;
  }
  if (raw instanceof Error && raw.message.trim() !== '') {
    return `${prefix}: ${raw.message.trim()}`;
  }
  if (typeof raw === 'object' && raw !== null) {
    const message = (raw as Record<string, unknown>).message;
    if (typeof message === 'string' && message.trim() !== '') {
      return `${prefix}: ${message.trim()}`;
    }
    try {
      return `${prefix}: ${JSON.stringify(raw)}`;
    } catch {
      // Fall through to the generic sentence for values JSON cannot show.
    }
  }
  return `${prefix}. Please try again.`;
}

/** Errors after which the journal cannot be used at all in this session. */
export function isFatal(error: unknown): error is BackendError {
  return (
    error instanceof BackendError &&
    (error.code === 'database_too_new' || error.code === 'database_unavailable')
  );
}

/** The user-facing sentence for any error, whatever its origin. */
export function errorMessage(error: unknown): string {
  return BackendError.from(error).message;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw BackendError.from(raw);
  }
}

export function appInfo(): Promise<AppInfo> {
  return call<AppInfo>('app_info');
}

export function listEntries(cursor: string | null, limit: number): Promise<EntryPage> {
  return call<EntryPage>('list_entries', { cursor, limit });
}

export function entriesOnDay(day: string): Promise<EntrySummary[]> {
  return call<EntrySummary[]>('entries_on_day', { day });
}

export function searchEntries(query: string, limit: number): Promise<EntrySummary[]> {
  return call<EntrySummary[]>('search_entries', { query, limit });
}

export function getEntry(id: number): Promise<Entry> {
  return call<Entry>('get_entry', { id });
}

export function createEntry(draft: EntryDraft): Promise<Entry> {
  return call<Entry>('create_entry', { draft });
}

export function updateEntry(id: number, draft: EntryDraft): Promise<Entry> {
  return call<Entry>('update_entry', { id, draft });
}

export async function deleteEntry(id: number): Promise<void> {
  await call<null>('delete_entry', { id });
}

/**
 * Runs `handler` when the user asks to close the window. The window closes
 * afterwards only if the handler resolves to true, so unsaved text can be
 * written first (or the user can be asked what to do).
 *
 * Uses the `tauri://close-requested` event listener (event listen/unlisten
 * permissions) and `Window.destroy()` (window destroy permission).
 */
export async function onWindowClose(handler: () => Promise<boolean>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async (event) => {
    let mayClose = true;
    try {
      mayClose = await handler();
    } catch {
      // A handler that throws must not trap the user in a window that can
      // never close; the handler itself is responsible for saving first.
      mayClose = true;
    }
    if (!mayClose) {
      event.preventDefault();
    }
  });
}
