// Reporting the user's activity to the backend, which locks an encrypted
// journal after a number of idle minutes. The backend only needs to know that
// someone is still there, so one report a minute is plenty: reporting every
// key press would be a command per keystroke for nothing.

export const ACTIVITY_INTERVAL_MS = 60_000;

export interface ActivityReporter {
  /** Reports activity unless a report went out less than the interval ago; true when one was sent. */
  report(): boolean;
  /** Forgets the last report, so that the next activity is reported at once (after an unlock). */
  reset(): void;
}

export function createActivityReporter(
  send: () => Promise<unknown>,
  now: () => number = () => Date.now(),
  intervalMs: number = ACTIVITY_INTERVAL_MS,
): ActivityReporter {
  let lastSent: number | null = null;
  return {
    report(): boolean {
      const time = now();
      if (lastSent !== null && time - lastSent < intervalMs) {
        return false;
      }
      lastSent = time;
      // A lost report only means the journal may lock a minute early; the
      // user is never interrupted with an error about it.
      send().catch(() => undefined);
      return true;
    },
    reset(): void {
      lastSent = null;
    },
  };
}

/**
 * Reports activity on every key press and pointer press in `target` (through
 * the reporter's throttle). Returns the function that stops watching.
 */
export function watchActivity(target: Pick<Window, 'addEventListener' | 'removeEventListener'>, reporter: ActivityReporter): () => void {
  const onActivity = (): void => {
    reporter.report();
  };
  // Capture, so that a handler which stops propagation cannot hide activity.
  target.addEventListener('keydown', onActivity, { capture: true, passive: true });
  target.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
  return () => {
    target.removeEventListener('keydown', onActivity, { capture: true });
    target.removeEventListener('pointerdown', onActivity, { capture: true });
  };
}
