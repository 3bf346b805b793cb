// Coordinates "never lose text on leaving".
//
// The open editor registers a flusher; anything that is about to take the
// editor away (switching entries or views, starting a new entry, closing the
// window) calls `prepareToLeave()` first. If the save fails, the user is asked
// whether to stay or to leave without those changes, so a broken disk never
// traps them, and never silently drops their words either.
//
// The one case where flushing cannot help is the journal locking under the
// editor (tray, auto-lock): the backend is already closed and refuses every
// save. Then the editor's text is kept in memory only (never in WebView
// storage, which is not encrypted) and offered back after the unlock.

import type { AnswerDraft } from './bindings/AnswerDraft';
import type { EntryDraft } from './bindings/EntryDraft';
import type { FlushResult } from './autosave';

type Flusher = () => Promise<FlushResult>;
type Prompt = (message: string) => Promise<boolean>;
/**
 * Reads the editor's text at once (while it is still mounted), then resolves
 * to it if the saves already on their way did not all go through, else null.
 */
type UnsavedWords = () => Promise<string | null>;

let flusher: Flusher | null = null;
let unsavedWords: UnsavedWords | null = null;
let prompt: Prompt | null = null;

/**
 * Registers the open editor's flush, and how to read what it has not saved;
 * returns a function to unregister both.
 */
export function registerFlusher(flush: Flusher, unsaved?: UnsavedWords): () => void {
  flusher = flush;
  unsavedWords = unsaved ?? null;
  return () => {
    if (flusher === flush) {
      flusher = null;
      unsavedWords = null;
    }
  };
}

/**
 * For when the journal has just locked: what the open editor wrote that never
 * reached the backend, or null. Call it before the views unmount; it sends no
 * save, since a locked backend would only refuse it.
 */
export function unsavedWordsAtLock(): Promise<string | null> {
  return unsavedWords === null ? Promise.resolve(null) : unsavedWords();
}

/** An entry's words as plain text to copy back: title, body and tags. */
export function entryAsText(draft: Pick<EntryDraft, 'title' | 'body' | 'tags'>): string {
  const parts = [draft.title.trim(), draft.body.trim()];
  if (draft.tags.length > 0) {
    parts.push(`Tags: ${draft.tags.join(', ')}`);
  }
  return parts.filter((part) => part !== '').join('\n\n');
}

/** A reflection's answers as plain text to copy back, each under its prompt; unanswered prompts are left out. */
export function answersAsText(prompts: readonly string[], answers: readonly AnswerDraft[]): string {
  return answers
    .map((answer, index) => {
      const lines: string[] = [];
      if (answer.rating !== null) {
        lines.push(`Rating: ${answer.rating} of 100`);
      }
      if (answer.text.trim() !== '') {
        lines.push(answer.text.trim());
      }
      return lines.length === 0 ? '' : [prompts[index] ?? `Answer ${index + 1}`, ...lines].join('\n');
    })
    .filter((block) => block !== '')
    .join('\n\n');
}

/** Registers the dialog that asks whether to leave despite a failed save. */
export function registerLeavePrompt(ask: Prompt): () => void {
  prompt = ask;
  return () => {
    if (prompt === ask) {
      prompt = null;
    }
  };
}

/** Saves pending edits; resolves to true when it is safe to move on. */
export async function prepareToLeave(): Promise<boolean> {
  if (flusher === null) {
    return true;
  }
  const result = await flusher();
  if (result.ok) {
    return true;
  }
  return prompt === null ? false : prompt(result.message);
}
