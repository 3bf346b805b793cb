// The autosave controller for one open entry.
//
// It is a plain class (no Svelte, no Tauri) so that its guarantees can be
// tested with fake timers and a fake save function:
//   * saves wait until typing pauses (debounce);
//   * an entry that was never saved and is still empty is not created;
//   * the first save creates the entry, every later one updates it;
//   * at most one save is in flight, and edits made during a save are saved
//     right after it;
//   * `flush()` saves whatever is pending now and reports whether everything
//     reached the backend;
//   * a failed save keeps the entry dirty, so the next edit (or flush) retries.

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'saved' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'error'; message: string };

export type FlushResult = { ok: true } | { ok: false; message: string };

export interface AutosaveOptions<D, R extends { id: number }> {
  /** The id of an existing entry, or null for a new one not yet created. */
  id: number | null;
  /** Reads the current editor contents at the moment a save starts. */
  snapshot: () => D;
  /** True when a draft holds nothing worth creating an entry for. */
  isEmpty: (draft: D) => boolean;
  create: (draft: D) => Promise<R>;
  update: (id: number, draft: D) => Promise<R>;
  /** Called after every successful save with what the backend stored. */
  onSaved?: (saved: R, created: boolean) => void;
  onStatus?: (status: SaveStatus) => void;
  /** Turns a rejected save into a sentence for the user. */
  describeError?: (error: unknown) => string;
  delayMs?: number;
}

export const DEFAULT_AUTOSAVE_DELAY_MS = 600;

export class Autosave<D, R extends { id: number }> {
  private readonly options: AutosaveOptions<D, R>;
  private readonly delayMs: number;
  private entryId: number | null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private lastError: string | null = null;
  private disposed = false;
  private current: SaveStatus;

  constructor(options: AutosaveOptions<D, R>) {
    this.options = options;
    this.delayMs = options.delayMs ?? DEFAULT_AUTOSAVE_DELAY_MS;
    this.entryId = options.id;
    this.current = options.id === null ? { kind: 'idle' } : { kind: 'saved' };
  }

  /** The backend id, once the entry exists. */
  get id(): number | null {
    return this.entryId;
  }

  get status(): SaveStatus {
    return this.current;
  }

  /** True while there are edits that have not reached the backend. */
  get hasPendingChanges(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  /** Records that the editor contents changed; a save follows after a pause. */
  edit(): void {
    if (this.disposed) {
      return;
    }
    this.dirty = true;
    if (this.inFlight === null) {
      this.setStatus({ kind: 'dirty' });
    }
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.delayMs);
  }

  /** Saves pending edits now and waits until nothing is left to save. */
  async flush(): Promise<FlushResult> {
    this.clearTimer();
    if (this.dirty || this.inFlight !== null) {
      await this.run();
      // Edits typed while the last save was running are drained by run()'s
      // loop, so once it settles the only thing left can be an error.
    }
    if (this.dirty) {
      return { ok: false, message: this.lastError ?? 'Your latest changes are not saved yet.' };
    }
    return { ok: true };
  }

  /**
   * Waits for a save already on its way, without starting one, and answers
   * whether everything reached the backend. For when the backend can no longer
   * accept saves (the journal locked): flushing then could only fail, but a
   * save sent just before the lock may still have gone through.
   */
  async settle(): Promise<boolean> {
    while (this.inFlight !== null) {
      await this.inFlight;
    }
    return !this.dirty;
  }

  /** Stops all timers; later edits are ignored. Call flush() first. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private setStatus(status: SaveStatus): void {
    this.current = status;
    this.options.onStatus?.(status);
  }

  /** Starts the save loop, or joins the one already running. */
  private run(): Promise<void> {
    if (this.inFlight === null) {
      this.inFlight = this.loop().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async loop(): Promise<void> {
    while (this.dirty) {
      const draft = this.options.snapshot();
      // Cleared before awaiting so that edits made during the save mark the
      // entry dirty again and the loop goes round once more.
      this.dirty = false;

      if (this.entryId === null && this.options.isEmpty(draft)) {
        this.lastError = null;
        this.setStatus({ kind: 'idle' });
        continue;
      }

      this.setStatus({ kind: 'saving' });
      try {
        const created = this.entryId === null;
        const saved = created
          ? await this.options.create(draft)
          : await this.options.update(this.entryId as number, draft);
        this.entryId = saved.id;
        this.lastError = null;
        this.options.onSaved?.(saved, created);
      } catch (error) {
        // Keep the edits marked as unsaved; the next edit or flush retries.
        this.dirty = true;
        this.lastError = this.options.describeError?.(error) ?? String(error);
        this.setStatus({ kind: 'error', message: this.lastError });
        return;
      }
    }
    if (this.current.kind === 'saving') {
      this.setStatus({ kind: 'saved' });
    }
  }
}

/** The exact words shown in the save status line. */
export function statusText(status: SaveStatus): string {
  switch (status.kind) {
    case 'idle':
      return 'Nothing to save yet';
    case 'saved':
      return 'Saved';
    case 'dirty':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'error':
      return `Couldn't save: ${status.message}`;
  }
}
