/**
 * The default window: trips after `threshold` bad calls in a row; a good call resets the run.
 * When slow calls are measured, a slow call is a bad call too (slow or failed calls in a row trip
 * the breaker), and `slowCallRateThreshold` does not apply: a run has no rate.
 */
import type { OutcomeWindow, WindowStats } from './outcome-window.js';

export class ConsecutiveWindow implements OutcomeWindow {
  readonly type = 'consecutive' as const;
  private run = 0;

  constructor(private readonly threshold: number) {}

  record(failed: boolean, slow: boolean): boolean {
    if (failed || slow) return ++this.run >= this.threshold;
    this.run = 0;
    return false;
  }

  clear(): void {
    this.run = 0;
  }

  stats(): WindowStats {
    return { bufferedCalls: this.run, failureRate: -1, slowCallRate: -1, consecutiveFailures: this.run };
  }
}
