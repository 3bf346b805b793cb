import { describe, expect, it } from 'vitest';
import { createActivityReporter, watchActivity } from './activity';

function clockAt(start: number): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('activity reports for auto-lock', () => {
  it('sends at most one report a minute however busy the user is', () => {
    const clock = clockAt(1_000_000);
    let sent = 0;
    const reporter = createActivityReporter(async () => void (sent += 1), clock.now, 60_000);
    expect(reporter.report(), 'the first activity is reported at once').toBe(true);
    for (let i = 0; i < 50; i++) {
      clock.advance(1_000);
      reporter.report();
    }
    expect(sent, 'fifty key presses within the minute send nothing more').toBe(1);
    clock.advance(10_000);
    expect(reporter.report(), 'a minute after the last report, activity is reported again').toBe(true);
    expect(sent).toBe(2);
  });

  it('reports at once again after a reset (an unlock)', () => {
    const clock = clockAt(0);
    let sent = 0;
    const reporter = createActivityReporter(async () => void (sent += 1), clock.now);
    reporter.report();
    reporter.reset();
    clock.advance(5);
    expect(reporter.report(), 'after an unlock the next activity must reach the backend').toBe(true);
    expect(sent).toBe(2);
  });

  it('swallows a failed report instead of bothering the user', async () => {
    const reporter = createActivityReporter(() => Promise.reject(new Error('locked')), () => 0);
    expect(reporter.report()).toBe(true);
    // No unhandled rejection: the test runner would fail on one.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });

  it('listens to key and pointer presses and stops when asked', () => {
    const target = new EventTarget() as unknown as Window;
    let reports = 0;
    const stop = watchActivity(target, { report: () => ((reports += 1), true), reset: () => undefined });
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('pointerdown'));
    target.dispatchEvent(new Event('scroll'));
    expect(reports, 'key and pointer presses count as activity, scrolling alone does not').toBe(2);
    stop();
    target.dispatchEvent(new Event('keydown'));
    expect(reports, 'nothing is reported after stopping').toBe(2);
  });
});
