// Calls a function each time an element comes near the visible part of the
// page: the "Load more" of a long list loads the next page as the reader
// scrolls to it, so a short first page (quick to draw at start) is no extra
// click. The button stays, for the keyboard and for a list that does not
// scroll.

import type { ActionReturn } from 'svelte/action';

/** How far below the visible area the element counts as near. */
const NEAR = '0px 0px 400px 0px';

/** A Svelte action: `use:whenNearView={callback}`. */
export function whenNearView(element: Element, onNear: () => void): ActionReturn<() => void> {
  // Older engines (and the unit tests' DOM) lack the observer: the button alone remains.
  if (typeof IntersectionObserver === 'undefined') {
    return {};
  }
  let current = onNear;
  const observer = new IntersectionObserver(
    (seen) => {
      if (seen.some((entry) => entry.isIntersecting)) {
        current();
      }
    },
    { rootMargin: NEAR },
  );
  observer.observe(element);
  return {
    update: (next) => (current = next),
    destroy: () => observer.disconnect(),
  };
}
