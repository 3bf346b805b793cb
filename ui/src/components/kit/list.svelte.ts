// The state every list view keeps: its items, whether the first read is done,
// the next page's cursor, and the line that says what went wrong.

import { BackendError, errorMessage } from '../../lib/backend';

/** One page of a keyset-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ListState<T extends { id: number }> {
  items: T[] = $state([]);
  loaded = $state(false);
  error = $state('');
  nextCursor: string | null = $state(null);
  loadingMore = $state(false);

  /** Shows "`failure`: core's sentence" above the list. */
  fail(failure: string, error: unknown): void {
    this.error = `${failure}: ${errorMessage(error)}`;
  }

  /** Reads the list (or its first page) again. */
  async load(read: () => Promise<T[] | Page<T>>, failure: string): Promise<void> {
    try {
      const answer = await read();
      const page = Array.isArray(answer) ? { items: answer, nextCursor: null } : answer;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.fail(failure, error);
    } finally {
      this.loaded = true;
    }
  }

  /** Appends the next page; an item saved meanwhile may already be listed, so one copy is kept. */
  async loadMore(read: (cursor: string) => Promise<Page<T>>, failure: string): Promise<void> {
    const cursor = this.nextCursor;
    if (cursor === null || this.loadingMore) {
      return;
    }
    this.loadingMore = true;
    this.error = '';
    try {
      const page = await read(cursor);
      const known = new Set(this.items.map((item) => item.id));
      this.items = [...this.items, ...page.items.filter((item) => !known.has(item.id))];
      this.nextCursor = page.nextCursor;
    } catch (error) {
      this.fail(failure, error);
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * Reads one item for the detail pane and shows it. An item deleted elsewhere
   * (`not_found`) also leaves the list.
   */
  async open<D>(id: number, read: () => Promise<D>, show: (item: D) => void | Promise<void>, failure: string): Promise<void> {
    this.error = '';
    try {
      await show(await read());
    } catch (error) {
      if (error instanceof BackendError && error.code === 'not_found') {
        this.remove(id);
      }
      this.fail(failure, error);
    }
  }

  remove(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }
}
