import { afterEach, describe, expect, it, vi } from 'vitest';
import { whenNearView } from './near-view';

/** Stands in for the engine's observer: the test says when the element is seen. */
class FakeObserver {
  static last: FakeObserver | null = null;
  observed: Element[] = [];
  disconnected = false;
  constructor(
    readonly report: (entries: Array<{ isIntersecting: boolean }>) => void,
    readonly options: { rootMargin: string },
  ) {
    FakeObserver.last = this;
  }
  observe(element: Element): void {
    this.observed.push(element);
  }
  disconnect(): void {
    this.disconnected = true;
  }
}

describe('whenNearView', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('loads the next page each time the end of the list comes near, never while it is out of sight', () => {
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const element = document.createElement('div');
    const loadMore = vi.fn();
    const action = whenNearView(element, loadMore);
    const observer = FakeObserver.last!;
    expect(observer.observed).toEqual([element]);
    expect(observer.options.rootMargin).toMatch(/px/);

    observer.report([{ isIntersecting: false }]);
    expect(loadMore).not.toHaveBeenCalled();
    observer.report([{ isIntersecting: true }]);
    expect(loadMore).toHaveBeenCalledTimes(1);

    const replaced = vi.fn();
    action.update?.(replaced);
    observer.report([{ isIntersecting: true }]);
    expect(replaced).toHaveBeenCalledTimes(1);
    expect(loadMore).toHaveBeenCalledTimes(1);

    action.destroy?.();
    expect(observer.disconnected).toBe(true);
  });

  it('leaves the button alone where the engine has no observer', () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const loadMore = vi.fn();
    const action = whenNearView(document.createElement('div'), loadMore);
    action.destroy?.();
    expect(loadMore).not.toHaveBeenCalled();
  });
});
