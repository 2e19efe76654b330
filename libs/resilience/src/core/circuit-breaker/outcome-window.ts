/**
 * What a sliding window tells the breaker. A window buffers the outcomes of calls made while the
 * breaker is closed and says when they are bad enough to trip it.
 */
import type { SlidingWindowType } from './circuit-breaker-options.js';

export interface WindowStats {
  /** Calls the window holds now (for a consecutive window: the current run of bad calls). */
  bufferedCalls: number;
  /** Percent of buffered calls that failed; -1 below `minimumCalls` or for a consecutive window. */
  failureRate: number;
  /** Percent of buffered calls that were slow; -1 below `minimumCalls`, for a consecutive window, or when slow calls are not measured. */
  slowCallRate: number;
  /** Bad calls in a row (consecutive window only; 0 for the others). */
  consecutiveFailures: number;
}

export interface OutcomeWindow {
  readonly type: SlidingWindowType;
  /** Buffers one outcome; returns true when the breaker should trip. */
  record(failed: boolean, slow: boolean): boolean;
  /** Forgets every buffered outcome (the breaker closed or was reset). */
  clear(): void;
  stats(): WindowStats;
}

/** Whether `bad` out of `total` reaches `thresholdPercent`; never true without a bad call, so a 0 % threshold means "any". */
export function reachesRate(bad: number, total: number, thresholdPercent: number): boolean {
  return bad > 0 && bad * 100 >= thresholdPercent * total;
}

export function percent(part: number, total: number): number {
  return total === 0 ? 0 : (part * 100) / total;
}
