// The one port between the web UI and the Rust backend.
//
// This is the only module that imports `@tauri-apps/api`. Components call
// `call('command_name', { args })`, typed by the generated `bindings/commands.ts`,
// so a misspelt command or a wrong argument fails svelte-check, and errors are
// mapped, and journal-state errors handed to the app shell, in one place.

import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { AppError } from './bindings/AppError';
import type { Commands } from './bindings/commands';
import type { ErrorCode } from './bindings/ErrorCode';
import type { FileDrag } from './bindings/FileDrag';
import type { SyncReport } from './bindings/SyncReport';

/**
 * Every code the backend can send, as a record so that the compiler insists on
 * a new one being listed here when the generated `ErrorCode` grows; a rejection
 * with a code not listed is treated as a bridge failure, not trusted.
 */
const ERROR_CODES: Record<ErrorCode, true> = {
  not_found: true,
  invalid_input: true,
  database_too_new: true,
  database_unavailable: true,
  storage: true,
  locked: true,
  wrong_passphrase: true,
  database_damaged: true,
  internal: true,
};

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
    Object.prototype.hasOwnProperty.call(ERROR_CODES, candidate.code) &&
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

/** The user-facing sentence for any error, whatever its origin. */
export function errorMessage(error: unknown): string {
  return BackendError.from(error).message;
}

/**
 * Codes after which the views cannot go on: the journal is locked or damaged
 * (the shell shows the lock or repair screen), or it cannot be used at all in
 * this session (the shell explains why). `call` hands them to the shell itself,
 * so no component has to.
 */
export type JournalProblem = BackendError & {
  code: 'locked' | 'database_damaged' | 'database_too_new' | 'database_unavailable';
};

/** True for an error `call` has already handed to the shell. */
export function isJournalProblem(error: unknown): error is JournalProblem {
  return (
    error instanceof BackendError &&
    (error.code === 'locked' ||
      error.code === 'database_damaged' ||
      error.code === 'database_too_new' ||
      error.code === 'database_unavailable')
  );
}

/** Who wants to know when a command finds the journal locked, damaged or unusable. */
const journalProblemListeners = new Set<(problem: JournalProblem) => void>();

/**
 * Calls `handler` whenever any command answers with a journal problem (say the
 * journal was locked behind the UI's back by the tray or auto-lock), so the
 * shell can replace the views at once. Returns the function that stops listening.
 */
export function onJournalProblem(handler: (problem: JournalProblem) => void): () => void {
  journalProblemListeners.add(handler);
  return () => journalProblemListeners.delete(handler);
}

/** The arguments `call` takes for a command: none for a command without any. */
type ArgsOf<K extends keyof Commands> =
  Commands[K]['args'] extends Record<string, never> ? [] : [args: Commands[K]['args']];

/**
 * Runs a backend command. A rejection becomes a `BackendError` carrying core's
 * sentence; a journal problem is also handed to the shell before it is thrown.
 */
export async function call<K extends keyof Commands>(command: K, ...args: ArgsOf<K>): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, args[0]);
  } catch (raw) {
    const error = BackendError.from(raw);
    if (isJournalProblem(error)) {
      for (const listener of journalProblemListeners) {
        listener(error);
      }
    }
    throw error;
  }
}

/**
 * Runs `handler` when the user asks to close the window. Then, if the handler
 * resolves to true, the backend decides what closing means: while reminders
 * are on the window is hidden and the app stays in the tray (so reminders
 * still fire); otherwise the app quits. Either way unsaved text is written
 * first (or the user is asked what to do).
 *
 * Uses the `tauri://close-requested` event listener (event listen/unlisten
 * permissions) and the `close_main_window` command.
 */
export async function onWindowClose(handler: () => Promise<boolean>): Promise<() => void> {
  return getCurrentWindow().onCloseRequested(async (event) => {
    // The backend closes (or hides) the window itself, so the default of
    // destroying it here is always prevented.
    event.preventDefault();
    let mayClose = true;
    try {
      mayClose = await handler();
    } catch {
      // A handler that throws must not trap the user in a window that can
      // never close; the handler itself is responsible for saving first.
      mayClose = true;
    }
    if (mayClose) {
      await call('close_main_window');
    }
  });
}

/** What a tray menu item asks the window to open. */
export type TrayAction = 'log-setback' | 'check-in';

/** Calls `handler` when a tray menu item asks the window to open a view. */
export async function onTrayAction(handler: (action: TrayAction) => void): Promise<() => void> {
  return listen<string>('tray-action', (event) => {
    if (event.payload === 'log-setback' || event.payload === 'check-in') {
      handler(event.payload);
    }
  });
}

/** Calls `handler` when the journal locks (tray, auto-lock or `lock`). */
export async function onJournalLocked(handler: () => void): Promise<() => void> {
  return listen<null>('journal-locked', () => handler());
}

/**
 * Calls `handler` when the integrity check that runs after the journal opens finds damage:
 * the backend has set the journal aside, and the start screen should be shown again.
 */
export async function onJournalDamaged(handler: () => void): Promise<() => void> {
  return listen<null>('journal-damaged', () => handler());
}

/** Calls `handler` after a successful unlock (say, from another part of the app). */
export async function onJournalUnlocked(handler: () => void): Promise<() => void> {
  return listen<null>('journal-unlocked', () => handler());
}

/**
 * Calls `handler` as files from the file manager are dragged over the window
 * and dropped: where the pointer is, and on a drop the files' names and the
 * token `attach_dropped` takes. Their paths stay in the backend.
 */
export async function onFileDrag(handler: (drag: FileDrag) => void): Promise<() => void> {
  return listen<FileDrag>('file-drag', (event) => handler(event.payload));
}

/** How text refers to an attached file: `attachment:` and its 32-hex-digit reference. */
export const ATTACHMENT_REFERENCE = /^attachment:([0-9a-f]{32})$/;

/**
 * Where the window loads an attached file from: the app's `attachment:` protocol
 * (`attachment://localhost/…`, or `http://attachment.localhost/…` on Windows),
 * which the CSP allows for images and media only.
 */
export function attachmentUrl(reference: string): string {
  return convertFileSrc(reference, 'attachment');
}

/**
 * Where the window loads a picture's thumbnail for a list (the picture itself
 * while the backend has not made one yet).
 */
export function thumbnailUrl(reference: string): string {
  return convertFileSrc(`thumbnail-${reference}`, 'attachment');
}

/**
 * Calls `handler` with the references of attachments whose thumbnail the
 * backend has just made (or found they are not pictures); returns a function
 * that stops listening.
 */
export async function onThumbnailsMade(handler: (references: string[]) => void): Promise<() => void> {
  return listen<string[]>('thumbnails-made', (event) => handler(event.payload));
}


/**
 * Calls `handler` with the report of each sync round that applied another
 * computer's changes or found a problem; returns a function that stops listening.
 */
export async function onSyncChanged(handler: (report: SyncReport) => void): Promise<() => void> {
  return listen<SyncReport>('sync-changed', (event) => handler(event.payload));
}
