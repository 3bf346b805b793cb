// Coordinates "never lose text on leaving".
//
// The open editor registers a flusher; anything that is about to take the
// editor away (switching entries or views, starting a new entry, closing the
// window) calls `prepareToLeave()` first. If the save fails, the user is asked
// whether to stay or to leave without those changes, so a broken disk never
// traps them, and never silently drops their words either.

import type { FlushResult } from './autosave';

type Flusher = () => Promise<FlushResult>;
type Prompt = (message: string) => Promise<boolean>;

let flusher: Flusher | null = null;
let prompt: Prompt | null = null;

/** Registers the open editor's flush; returns a function to unregister it. */
export function registerFlusher(flush: Flusher): () => void {
  flusher = flush;
  return () => {
    if (flusher === flush) {
      flusher = null;
    }
  };
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
