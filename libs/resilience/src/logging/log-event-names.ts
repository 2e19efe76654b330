/** The structured log events of DESIGN §4, by name. The name is both the message and the `event` field. */
export const RESILIENCE_LOG_EVENTS = {
  circuitBreakerOpened: 'circuit_breaker_opened',
  circuitBreakerHalfOpen: 'circuit_breaker_half_open',
  circuitBreakerClosed: 'circuit_breaker_closed',
  /** Operator actions: forced open or disabled (not in the seed; same fields as opened). */
  circuitBreakerStateChanged: 'circuit_breaker_state_changed',
  circuitBreakerRejected: 'circuit_breaker_rejected',
  connectionPoolHealthCheckFailed: 'connection_pool_health_check_failed',
  connectionPoolRecovered: 'connection_pool_recovered',
  connectionPoolStatusChanged: 'connection_pool_status_changed',
  bulkheadRejected: 'bulkhead_rejected',
  /** The HTTP layer's Redis rate-limit store failed; counting in memory until it answers (warn, once per outage). */
  rateLimitStoreFallback: 'rate_limit_store_fallback',
  /** The Redis rate-limit store answers again (info). */
  rateLimitStoreRecovered: 'rate_limit_store_recovered',
} as const;

export type ResilienceLogEventName = (typeof RESILIENCE_LOG_EVENTS)[keyof typeof RESILIENCE_LOG_EVENTS];
