/**
 * Turns core events into the flat, snake_case fields of the seed's log events (DESIGN §4).
 * Pure functions: the event logger decides the level and whether to log at all.
 */
import type { CircuitRejectionEvent, CircuitStateChangeEvent } from '../core/circuit-breaker/circuit-breaker-events.js';
import type { PoolHealthCheckFailure, PoolStatusChange } from '../core/pools/pool-types.js';
import { redactError } from '../core/pools/redact.js';
import type { ObservedBulkheadSnapshot } from '../metrics/resilience-sources.js';
import { RESILIENCE_LOG_EVENTS as E, type ResilienceLogEventName } from './log-event-names.js';

/** One log event: the `event` name plus its fields, all JSON-safe. */
export type LogEventFields = { event: ResilienceLogEventName } & Record<string, string | number | boolean | null>;

export function circuitStateChangeFields(change: CircuitStateChangeEvent): LogEventFields {
  const s = change.snapshot;
  const base = { circuit_breaker: change.name, from_state: change.from, to_state: change.to };
  switch (change.to) {
    case 'open':
      return {
        event: E.circuitBreakerOpened,
        ...base,
        // The bad calls that tripped it: the run for a consecutive window, else the failed share of the window.
        failure_count:
          s.windowType === 'consecutive' ? s.consecutiveFailures : Math.round((s.bufferedCalls * Math.max(s.failureRate, 0)) / 100),
        failure_threshold: s.failureThreshold,
        failure_rate: s.failureRate,
        // Seconds, as the seed's `recovery_timeout` (this is the timeout in force, grown by failed trials).
        recovery_timeout: s.currentRecoveryTimeout / 1000,
        next_attempt_at: s.nextAttemptAt === null ? null : new Date(s.nextAttemptAt).toISOString(),
      };
    case 'half_open':
      return { event: E.circuitBreakerHalfOpen, ...base };
    case 'closed':
      return { event: E.circuitBreakerClosed, ...base };
    default:
      // forced_open / disabled: operator actions, not in the seed.
      return { event: E.circuitBreakerStateChanged, ...base };
  }
}

export function circuitRejectionFields(rejection: CircuitRejectionEvent, suppressed: number): LogEventFields {
  return {
    event: E.circuitBreakerRejected,
    circuit_breaker: rejection.name,
    state: rejection.state,
    retry_after_ms: rejection.retryAfterMs,
    suppressed_since_last: suppressed,
  };
}

export function poolHealthCheckFailedFields(failure: PoolHealthCheckFailure): LogEventFields {
  return {
    event: E.connectionPoolHealthCheckFailed,
    pool_name: failure.poolName,
    pool_kind: failure.kind,
    error: redactError(failure.error),
    consecutive_failures: failure.consecutiveFailures,
    status: failure.status,
  };
}

/** `connection_pool_recovered` when a pool comes back up; a plain status change otherwise (up → degraded, degraded → down). */
export function poolStatusChangeFields(change: PoolStatusChange): LogEventFields {
  const base = { pool_name: change.poolName, pool_kind: change.kind, from_status: change.from, to_status: change.to };
  if (change.to === 'up') return { event: E.connectionPoolRecovered, ...base };
  return {
    event: E.connectionPoolStatusChanged,
    ...base,
    error: change.error === null ? null : redactError(change.error),
    consecutive_failures: change.consecutiveFailures,
  };
}

export function bulkheadRejectedFields(name: string, snapshot: ObservedBulkheadSnapshot, suppressed: number): LogEventFields {
  return {
    event: E.bulkheadRejected,
    bulkhead: name,
    active: snapshot.active,
    queued: snapshot.queued,
    max_concurrent: snapshot.maxConcurrent,
    max_queue: snapshot.maxQueue,
    rejected_total: snapshot.rejected,
    suppressed_since_last: suppressed,
  };
}
