// The shell's start and its views loaded on first use, against a mocked
// backend: one round trip before the first screen, the hidden window shown
// once that screen is in the page (whatever it is), and the shortcuts and
// focus that must not wait for code still loading.

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mount, tick, unmount } from 'svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';
import type { EntrySummary } from './lib/bindings/EntrySummary';
import type { JournalState } from './lib/bindings/JournalState';
import type { StartState } from './lib/bindings/StartState';

const ENTRY: EntrySummary = {
  id: 1,
  title: 'Missed the launch date',
  excerpt: 'We shipped two weeks late.',
  localDateTime: '2024-05-01T09:30:00',
  timeZone: 'UTC',
  mood: null,
  tags: [],
};

function startState(state: JournalState, change: Partial<StartState> = {}): StartState {
  return {
    status: { state, message: 'The journal was made by a newer Failing Up.', movedAsideTo: null, newestGoodBackup: null },
    kind: 'own',
    info: { version: '1.0.0', dataDir: '/data', timeZone: 'UTC', rendering: 'software, DMA-BUF off' },
    welcomePending: false,
    firstEntries: state === 'open' ? { entries: [ENTRY], nextCursor: null } : null,
    ...change,
  };
}

/** The commands the page sent (event plumbing left out), and what was on screen when the window was shown. */
interface Backend {
  commands: string[];
  screenAtShow: string[];
}

/** What of the first screens the page holds right now. */
function screens(): string[] {
  const selectors = ['li[data-entry-id]', '#lock-screen', '#damaged-journal', '#fatal-error', '#welcome-dialog[open]', '.list-error'];
  return selectors.filter((selector) => document.querySelector(selector) !== null);
}

function mockBackend(start: StartState | Error): Backend {
  const backend: Backend = { commands: [], screenAtShow: [] };
  mockIPC((command) => {
    if (command.startsWith('plugin:')) {
      return 0;
    }
    backend.commands.push(command);
    switch (command) {
      case 'start_state':
        if (start instanceof Error) {
          throw { code: 'internal', message: start.message };
        }
        return start;
      case 'first_view_shown':
        backend.screenAtShow = screens();
        return null;
      case 'list_entries':
        throw { code: 'storage', message: 'The disk is full.' };
      case 'list_setbacks':
        return { setbacks: [], nextCursor: null };
      case 'list_areas':
      case 'list_templates':
      case 'search':
        return [];
      default:
        return null;
    }
  });
  return backend;
}

/** Waits (in real time, for the lazily imported code) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) {
      throw new Error(`timed out waiting for ${condition.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    await tick();
  }
}

function press(key: string): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key, ctrlKey: true }));
}

let app: ReturnType<typeof mount> | null = null;

function start(): void {
  const target = document.createElement('div');
  document.body.replaceChildren(target);
  app = mount(App, { target });
}

beforeAll(() => {
  // jsdom has no modal dialogs; the app only needs them to open and close.
  Object.defineProperty(HTMLDialogElement.prototype, 'open', {
    configurable: true,
    get(this: HTMLDialogElement) {
      return this.hasAttribute('open');
    },
  });
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

afterEach(() => {
  if (app !== null) {
    void unmount(app);
    app = null;
  }
  clearMocks();
  performance.clearMarks();
});

describe('the start', () => {
  it("draws an open journal's first page from start_state alone, then shows the window", async () => {
    const backend = mockBackend(startState('open'));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    expect(backend.commands).toEqual(['start_state', 'first_view_shown']);
    expect(backend.screenAtShow).toEqual(['li[data-entry-id]']);
    expect(performance.getEntriesByName('journal-shown')).toHaveLength(1);
  });

  it.each([
    ['locked', '#lock-screen'],
    ['damaged', '#damaged-journal'],
    ['unavailable', '#fatal-error'],
  ] as const)('shows the window once the %s journal has its screen', async (state, screen) => {
    const backend = mockBackend(startState(state));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    expect(backend.screenAtShow).toEqual([screen]);
    expect(backend.commands).toEqual(['start_state', 'first_view_shown']);
  });

  it('shows the window with the first-run welcome over the journal', async () => {
    const backend = mockBackend(startState('open', { welcomePending: true }));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    expect(backend.screenAtShow).toEqual(['li[data-entry-id]', '#welcome-dialog[open]']);
  });

  it('reads the first page itself when start_state has none, and shows why it could not', async () => {
    const backend = mockBackend(startState('open', { firstEntries: null }));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    expect(backend.commands).toEqual(['start_state', 'list_entries', 'first_view_shown']);
    expect(backend.screenAtShow).toEqual(['.list-error']);
    expect(performance.getEntriesByName('journal-shown')).toHaveLength(0);
  });
});

describe('views loaded on first use', () => {
  it('focus their heading once they are on screen', async () => {
    const backend = mockBackend(startState('open'));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    document.querySelector<HTMLButtonElement>('button[data-nav="setbacks"]')?.click();
    await until(() => document.activeElement?.id === 'view-heading');
    expect(document.activeElement?.textContent).toBe('Setbacks');
  });

  it('open the setback form and the search from their shortcuts before their code is there', async () => {
    const backend = mockBackend(startState('open'));
    start();
    await until(() => backend.commands.includes('first_view_shown'));
    press('l');
    await until(() => document.activeElement?.id === 'setback-title');
    press('k');
    await until(() => document.activeElement?.id === 'search-input');
    expect(document.querySelector('dialog.search-dialog[open]')).not.toBeNull();
  });
});
