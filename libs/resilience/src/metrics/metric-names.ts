/**
 * Prometheus metric names. The first eight are DESIGN §4's, kept exactly; the rest are ours.
 *
 * Types, chosen so `promtool check metrics` reports nothing while DESIGN's names stay exact:
 * - `*_count` names hold lifetime totals, but promtool rejects the `_count` suffix on counters and
 *   gauges (it is reserved for histograms/summaries), so those two are `untyped`.
 * - The other DESIGN totals without `_total` (`connection_pool_failed_connections`,
 *   `connection_pool_health_check_failures`, `bulkhead_rejected_operations`) are gauges: a counter
 *   must end in `_total`. They never go down while the process lives; use `increase()`/`rate()`
 *   on them as on counters (a restart looks like a reset, which those functions handle for gauges
 *   too only approximately; the `*_total` counters below are exact).
 * - Every metric we add that counts events is a real counter ending in `_total`.
 */
export const METRIC = {
  // DESIGN §4
  poolActiveConnections: 'connection_pool_active_connections',
  poolFailedConnections: 'connection_pool_failed_connections',
  poolHealthCheckFailures: 'connection_pool_health_check_failures',
  breakerState: 'circuit_breaker_state',
  breakerFailureCount: 'circuit_breaker_failure_count',
  breakerSuccessCount: 'circuit_breaker_success_count',
  bulkheadActive: 'bulkhead_active_operations',
  bulkheadRejected: 'bulkhead_rejected_operations',
  // ours
  poolIdleConnections: 'connection_pool_idle_connections',
  poolWaiting: 'connection_pool_waiting_requests',
  poolStatus: 'connection_pool_status',
  poolAcquiredTotal: 'connection_pool_acquired_total',
  poolAcquireWaitSecondsTotal: 'connection_pool_acquire_wait_seconds_total',
  poolAcquireTimeoutsTotal: 'connection_pool_acquire_timeouts_total',
  breakerCallsTotal: 'circuit_breaker_calls_total',
  breakerCurrentState: 'circuit_breaker_current_state',
  bulkheadQueued: 'bulkhead_queued_operations',
  bulkheadMaxConcurrent: 'bulkhead_max_concurrent',
  bulkheadCompletedTotal: 'bulkhead_completed_operations_total',
  rateLimitRejectionsTotal: 'rate_limit_rejections_total',
  methodDurationSeconds: 'resilience_method_duration_seconds',
} as const;
