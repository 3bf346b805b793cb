import { describe, expect, it } from 'vitest';
import { BackendError } from '../../lib/backend';
import { Actions } from './action.svelte';
import { LatestRequest } from './latest.svelte';
import { LazyComponent } from './lazy.svelte';
import { ListState } from './list.svelte';

describe('Actions', () => {
  it("shows core's sentence after the component's own words, and is busy only while it runs", async () => {
    const actions = new Actions();
    let busyInside = false;
    const ok = await actions.run("Couldn't save", async () => {
      busyInside = actions.busy;
      throw new BackendError('invalid_input', 'A goal needs a title.');
    });
    expect(ok).toBe(false);
    expect(busyInside).toBe(true);
    expect(actions.busy).toBe(false);
    expect(actions.error).toBe("Couldn't save: A goal needs a title.");
  });

  it('runs one action at a time and clears the last error when the next starts', async () => {
    const actions = new Actions();
    actions.error = 'old';
    let release: () => void = () => undefined;
    const first = actions.run(null, () => new Promise<void>((resolve) => (release = resolve)));
    expect(await actions.run(null, async () => undefined)).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(actions.error).toBe('');
  });

  it('does nothing unless the user confirms', async () => {
    const actions = new Actions();
    let ran = false;
    await actions.runConfirmed({ ask: async () => false }, "Couldn't delete", async () => (ran = true));
    expect(ran).toBe(false);
    await actions.runConfirmed({ ask: async () => true }, "Couldn't delete", async () => (ran = true));
    expect(ran).toBe(true);
  });
});

describe('ListState', () => {
  it('appends the next page without repeating an item saved meanwhile', async () => {
    const list = new ListState<{ id: number }>();
    await list.load(async () => ({ items: [{ id: 3 }, { id: 2 }], nextCursor: 'c1' }), "Couldn't load");
    await list.loadMore(async (cursor) => {
      expect(cursor).toBe('c1');
      return { items: [{ id: 2 }, { id: 1 }], nextCursor: null };
    }, "Couldn't load more");
    expect(list.items.map((item) => item.id)).toEqual([3, 2, 1]);
    expect(list.nextCursor).toBeNull();
    expect(list.loaded).toBe(true);
  });

  it('drops an item that was deleted elsewhere when it cannot be opened', async () => {
    const list = new ListState<{ id: number }>();
    await list.load(async () => [{ id: 1 }, { id: 2 }], "Couldn't load");
    await list.open(
      2,
      async () => Promise.reject(new BackendError('not_found', 'That setback no longer exists.')),
      () => undefined,
      "Couldn't open that setback",
    );
    expect(list.items.map((item) => item.id)).toEqual([1]);
    expect(list.error).toBe("Couldn't open that setback: That setback no longer exists.");
  });
});

describe('LatestRequest', () => {
  it('shows only the newest answer when answers arrive out of order', async () => {
    const request = new LatestRequest();
    const shown: string[] = [];
    let answerSlow: (value: string) => void = () => undefined;
    const slow = request.run(() => new Promise<string>((resolve) => (answerSlow = resolve)), (a) => shown.push(a), () => undefined);
    await request.run(async () => 'fast', (a) => shown.push(a), () => undefined);
    answerSlow('slow');
    await slow;
    expect(shown).toEqual(['fast']);
    expect(request.busy).toBe(false);
  });
});

describe('LazyComponent', () => {
  it('imports its code once, however many ask for it', async () => {
    let imports = 0;
    const part = new LazyComponent('Trends', async () => {
      imports += 1;
      return { default: 'the component' };
    });
    expect(part.component).toBeNull();
    const [first, second] = await Promise.all([part.load(), part.load()]);
    expect([first, second]).toEqual(['the component', 'the component']);
    expect(await part.shown()).toBe(true);
    expect(part.component).toBe('the component');
    expect(imports).toBe(1);
  });

  it('says what could not be loaded, and tries again when asked', async () => {
    let fail = true;
    const part = new LazyComponent('Trends', async () => {
      if (fail) {
        throw new TypeError('Importing a module script failed.');
      }
      return { default: 'the component' };
    });
    expect(await part.shown()).toBe(false);
    expect(part.error).toBe("Couldn't load Trends: Importing a module script failed.");
    fail = false;
    const retry = part.load();
    expect(part.error).toBe('');
    expect(await retry).toBe('the component');
  });
});
