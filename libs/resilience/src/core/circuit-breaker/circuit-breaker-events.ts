/** The state, snapshot and events of a circuit breaker, as seen by users, health pages and metrics. */
import type { BreakerStateName } from '../errors.js';
import type { SlidingWindowType } from './circuit-breaker-options.js';

export type CircuitState = BreakerStateName;

/**
 * A point-in-time view of a breaker. Counts are lifetime totals (never reset, so metrics can use
 * them as counters). Every call made while the breaker was not disabled ends in exactly one of
 * success, failure, ignored or rejected, so once all calls have settled
 * `successCount + failureCount + ignoredCount + rejectedCount` equals the calls made.
 */
export interface CircuitBreakerSnapshot {
  name: string;
  state: CircuitState;
  windowType: SlidingWindowType;
  successCount: number;
  failureCount: number;
  /** Calls that failed with an error that does not count (`ignoreOn`, HTTP 4xx by default). */
  ignoredCount: number;
  rejectedCount: number;
  /** Calls that took at least `slowCallDurationThreshold` ms (successes and failures alike). */
  slowCallCount: number;
  /** Bad calls in a row (consecutive window); 0 for count and time windows. */
  consecutiveFailures: number;
  /** Percent of buffered calls that failed; -1 below `minimumCalls` or for a consecutive window. */
  failureRate: number;
  /** Percent of buffered calls that were slow; -1 below `minimumCalls`, for a consecutive window, or when not measured. */
  slowCallRate: number;
  /** Calls the window holds now (consecutive window: the current run of bad calls). */
  bufferedCalls: number;
  /** When the breaker last opened (ms, on its clock); null while it has not opened since it last closed. */
  openedAt: number | null;
  /** When an open breaker will admit a trial call (ms); null unless state is `open`. */
  nextAttemptAt: number | null;
  /** Trial calls admitted and succeeded in the current half-open state. */
  halfOpenTrials: { admitted: number; succeeded: number };
  failureThreshold: number;
  failureRateThreshold: number;
  minimumCalls: number;
  /** Sliding window size: calls (count), seconds (time) or the failure threshold (consecutive). */
  windowSize: number;
  /** null when slow calls are not measured. */
  slowCallDurationThreshold: number | null;
  slowCallRateThreshold: number;
  /** The configured base recovery timeout (ms). */
  recoveryTimeout: number;
  /** The recovery timeout in force now, grown by failed trials (ms, before jitter). */
  currentRecoveryTimeout: number;
  maxRecoveryTimeout: number;
  halfOpenMaxCalls: number;
}

export interface CircuitStateChangeEvent {
  name: string;
  from: CircuitState;
  to: CircuitState;
  /** ms on the breaker's clock. */
  at: number;
  snapshot: CircuitBreakerSnapshot;
}

export interface CircuitSuccessEvent {
  name: string;
  /** ms; known only when `slowCallDurationThreshold` is set (durations are not measured otherwise). */
  durationMs: number | undefined;
  slow: boolean;
}

export interface CircuitFailureEvent {
  name: string;
  error: unknown;
  /** ms; known only when `slowCallDurationThreshold` is set. */
  durationMs: number | undefined;
  slow: boolean;
}

export interface CircuitRejectionEvent {
  name: string;
  state: CircuitState;
  retryAfterMs: number;
}
