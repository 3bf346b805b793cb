// A part of the UI (a view, a dialog, a screen) whose code is loaded with a
// dynamic import() the first time it is needed, so that the first screen does
// not wait for code it does not show. The owner renders `component` once it is
// there (LazyView does, with its loading and error states).

import { tick } from 'svelte';

export class LazyComponent<T> {
  /** The loaded component, or null until its code is there. */
  component: T | null = $state.raw(null);
  /** Why the code could not be loaded ("" while nothing went wrong). */
  error = $state('');
  /** What is loading, in the UI's words ("Trends", "search"). */
  readonly name: string;
  readonly #importModule: () => Promise<{ default: T }>;
  #loading: Promise<T | null> | null = null;

  constructor(name: string, importModule: () => Promise<{ default: T }>) {
    this.name = name;
    this.#importModule = importModule;
  }

  /**
   * Loads the code, once: every caller waits for the same import. Resolves to
   * the component, or to null with `error` set; a failed load is tried again
   * on the next call.
   */
  load(): Promise<T | null> {
    if (this.#loading === null) {
      this.error = '';
      this.#loading = this.#importModule().then(
        (module) => {
          this.component = module.default;
          return module.default;
        },
        (cause: unknown) => {
          this.#loading = null;
          const reason = cause instanceof Error ? cause.message : String(cause);
          this.error = `Couldn't load ${this.name}: ${reason}`;
          return null;
        },
      );
    }
    return this.#loading;
  }

  /**
   * Loads the code and waits for Svelte's next update, by which its owner has
   * rendered it, so that what follows can call or focus into it. False if the
   * code could not be loaded (its owner then shows `error`).
   */
  async shown(): Promise<boolean> {
    const component = await this.load();
    await tick();
    return component !== null;
  }
}
