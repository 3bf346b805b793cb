import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, statusText, type SaveStatus } from './autosave';

interface Draft {
  text: string;
}

interface Saved {
  id: number;
  text: string;
}

/** A promise whose settlement the test controls, to model a slow backend. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function harness(id: number | null = null) {
  const state = { text: '' };
  const statuses: SaveStatus[] = [];
  const saved: Array<{ saved: Saved; created: boolean }> = [];
  const create = vi.fn(async (draft: Draft): Promise<Saved> => ({ id: 42, text: draft.text }));
  const update = vi.fn(async (entryId: number, draft: Draft): Promise<Saved> => ({
    id: entryId,
    text: draft.text,
  }));
  const autosave = new Autosave<Draft, Saved>({
    id,
    snapshot: () => ({ text: state.text }),
    isEmpty: (draft) => draft.text.trim() === '',
    create,
    update,
    describeError: (error) => (error instanceof Error ? error.message : String(error)),
    onStatus: (status) => statuses.push(status),
    onSaved: (s, created) => saved.push({ saved: s, created }),
    delayMs: 600,
  });
  const type = (text: string): void => {
    state.text = text;
    autosave.edit();
  };
  return { state, statuses, saved, create, update, autosave, type };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Autosave', () => {
  it('waits for a pause in typing before saving (debounce)', async () => {
    const h = harness();
    h.type('H');
    await vi.advanceTimersByTimeAsync(400);
    h.type('He');
    await vi.advanceTimersByTimeAsync(400);
    h.type('Hello');
    expect(h.create).not.toHaveBeenCalled();
    expect(statusText(h.autosave.status)).toBe('Unsaved changes');

    await vi.advanceTimersByTimeAsync(599);
    expect(h.create).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(h.create).toHaveBeenCalledTimes(1);
    expect(h.create).toHaveBeenCalledWith({ text: 'Hello' });
    expect(statusText(h.autosave.status)).toBe('Saved');
  });

  it('does not create an entry that is entirely empty', async () => {
    const h = harness();
    h.type('   ');
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.create).not.toHaveBeenCalled();
    expect(h.autosave.id).toBeNull();
    expect(await h.autosave.flush()).toEqual({ ok: true });
    expect(h.create).not.toHaveBeenCalled();
    expect(h.autosave.status.kind).toBe('idle');
  });

  it('creates on the first save and updates afterwards', async () => {
    const h = harness();
    h.type('First');
    await vi.advanceTimersByTimeAsync(600);
    h.type('First, then more');
    await vi.advanceTimersByTimeAsync(600);

    expect(h.create).toHaveBeenCalledTimes(1);
    expect(h.update).toHaveBeenCalledTimes(1);
    expect(h.update).toHaveBeenCalledWith(42, { text: 'First, then more' });
    expect(h.autosave.id).toBe(42);
    expect(h.saved.map((s) => s.created)).toEqual([true, false]);
  });

  it('updates an existing entry, even when it is emptied', async () => {
    const h = harness(5);
    expect(statusText(h.autosave.status)).toBe('Saved');
    h.type('');
    await vi.advanceTimersByTimeAsync(600);
    expect(h.create).not.toHaveBeenCalled();
    expect(h.update).toHaveBeenCalledWith(5, { text: '' });
  });

  it('never runs two saves at once and saves edits made during a save afterwards', async () => {
    const h = harness();
    const first = deferred<Saved>();
    h.create.mockImplementationOnce(() => first.promise);

    h.type('one');
    await vi.advanceTimersByTimeAsync(600);
    expect(h.create).toHaveBeenCalledTimes(1);
    expect(statusText(h.autosave.status)).toBe('Saving…');

    // Edits arrive while the create is still in flight.
    h.type('one two');
    await vi.advanceTimersByTimeAsync(600);
    h.type('one two three');
    await vi.advanceTimersByTimeAsync(600);
    expect(h.create).toHaveBeenCalledTimes(1);
    expect(h.update).not.toHaveBeenCalled();

    first.resolve({ id: 9, text: 'one' });
    await vi.advanceTimersByTimeAsync(0);

    // Exactly one follow-up save, an update of the newly created entry with
    // the latest text; never a second create.
    expect(h.create).toHaveBeenCalledTimes(1);
    expect(h.update).toHaveBeenCalledTimes(1);
    expect(h.update).toHaveBeenLastCalledWith(9, { text: 'one two three' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.update).toHaveBeenCalledTimes(1);
    expect(statusText(h.autosave.status)).toBe('Saved');
  });

  it('flush saves pending edits immediately and waits for them', async () => {
    const h = harness();
    h.type('Leaving now');
    const result = await h.autosave.flush();
    expect(result).toEqual({ ok: true });
    expect(h.create).toHaveBeenCalledWith({ text: 'Leaving now' });
    expect(h.autosave.hasPendingChanges).toBe(false);
    // The debounce timer was cancelled, so nothing is saved twice.
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.create).toHaveBeenCalledTimes(1);
    expect(h.update).not.toHaveBeenCalled();
  });

  it('flush waits for a save in flight and for edits queued behind it', async () => {
    const h = harness(3);
    const slow = deferred<Saved>();
    h.update.mockImplementationOnce(() => slow.promise);
    h.type('a');
    await vi.advanceTimersByTimeAsync(600);
    h.type('ab');

    let done = false;
    const flushing = h.autosave.flush().then((r) => {
      done = true;
      return r;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toBe(false);

    slow.resolve({ id: 3, text: 'a' });
    expect(await flushing).toEqual({ ok: true });
    expect(h.update).toHaveBeenCalledTimes(2);
    expect(h.update).toHaveBeenLastCalledWith(3, { text: 'ab' });
  });

  it('reports a failed save, keeps the edits pending and retries on the next edit', async () => {
    const h = harness();
    h.create.mockRejectedValueOnce(new Error('The disk is full.'));
    h.type('Important words');
    await vi.advanceTimersByTimeAsync(600);

    expect(statusText(h.autosave.status)).toBe("Couldn't save: The disk is full.");
    expect(h.autosave.hasPendingChanges).toBe(true);
    expect(h.state.text).toBe('Important words');

    h.type('Important words!');
    await vi.advanceTimersByTimeAsync(600);
    expect(h.create).toHaveBeenCalledTimes(2);
    expect(h.create).toHaveBeenLastCalledWith({ text: 'Important words!' });
    expect(statusText(h.autosave.status)).toBe('Saved');
  });

  it('flush reports failure with the message, so leaving can be refused', async () => {
    const h = harness(1);
    h.update.mockRejectedValue(new Error('Storage is read-only.'));
    h.type('text');
    expect(await h.autosave.flush()).toEqual({ ok: false, message: 'Storage is read-only.' });
    // A later flush retries rather than pretending all is well.
    h.update.mockResolvedValue({ id: 1, text: 'text' });
    expect(await h.autosave.flush()).toEqual({ ok: true });
    expect(h.update).toHaveBeenCalledTimes(2);
  });

  it('settle sends nothing itself and reports typing still waiting for its save as unsaved', async () => {
    const h = harness(1);
    h.type('words typed just before the lock');
    const settled = h.autosave.settle();
    h.autosave.dispose();
    expect(await settled, 'debounced text never reached the backend').toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.update, 'a locked backend must not be asked to save').not.toHaveBeenCalled();
  });

  it('settle waits for a save in flight and reports whether it went through', async () => {
    const h = harness(1);
    const accepted = deferred<Saved>();
    h.update.mockImplementationOnce(() => accepted.promise);
    h.type('sent before the lock');
    await vi.advanceTimersByTimeAsync(600);
    let answer: boolean | null = null;
    void h.autosave.settle().then((saved) => (answer = saved));
    await vi.advanceTimersByTimeAsync(0);
    expect(answer, 'settle must wait for the save on its way').toBeNull();
    accepted.resolve({ id: 1, text: 'sent before the lock' });
    await vi.advanceTimersByTimeAsync(0);
    expect(answer, 'a save that went through leaves nothing unsaved').toBe(true);

    const refused = deferred<Saved>();
    h.update.mockImplementationOnce(() => refused.promise);
    h.type('sent as the journal locked');
    await vi.advanceTimersByTimeAsync(600);
    const settled = h.autosave.settle();
    refused.reject(new Error('Your journal is locked.'));
    expect(await settled, 'a save the locked backend refused is unsaved').toBe(false);
  });

  it('ignores edits after dispose', async () => {
    const h = harness(1);
    h.autosave.dispose();
    h.type('late');
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.update).not.toHaveBeenCalled();
  });

  it('reports statuses in the order a user sees them', async () => {
    const h = harness();
    h.type('x');
    await vi.advanceTimersByTimeAsync(600);
    expect(h.statuses.map(statusText)).toEqual(['Unsaved changes', 'Saving…', 'Saved']);
  });
});
