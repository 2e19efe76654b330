// The public API of @app/resilience, listed name by name.

// Core: errors and the policy contract
export {
  ResilienceError,
  CircuitOpenError,
  BulkheadFullError,
  TimeoutError,
  RateLimitedError,
  ResilienceConfigError,
  isResilienceError,
  isCircuitOpenError,
  isBulkheadFullError,
  isTimeoutError,
  isRateLimitedError,
  isResilienceConfigError,
} from './core/errors.js';
export type { ResilienceErrorCode, BreakerStateName, ConfigIssue } from './core/errors.js';
export { NEVER_ABORTED, POLICY_ORDER, ComposedPolicy, composePolicies } from './core/policy.js';
export type { Policy, PolicyKind, Operation } from './core/policy.js';

// Core: circuit breaker
export { CircuitBreakerPolicy } from './core/circuit-breaker/circuit-breaker-policy.js';
export { isHttpClientError } from './core/circuit-breaker/error-classifier.js';
export type { ErrorClass, ErrorMatcher } from './core/circuit-breaker/error-classifier.js';
export type { CircuitBreakerOptions, SlidingWindowOptions, SlidingWindowType } from './core/circuit-breaker/circuit-breaker-options.js';
export type {
  CircuitState,
  CircuitBreakerSnapshot,
  CircuitStateChangeEvent,
  CircuitSuccessEvent,
  CircuitFailureEvent,
  CircuitRejectionEvent,
} from './core/circuit-breaker/circuit-breaker-events.js';

// Core: rate limiters (memory, Redis, fallback) and the rate limit policy
export { MemoryRateLimiter, DEFAULT_MAX_KEYS, RedisRateLimiter, FallbackRateLimiter, RateLimitPolicy } from './core/rate-limit/index.js';
export type {
  RateLimitAlgorithm,
  RateLimitResult,
  RateLimiter,
  WindowOptions,
  MemoryRateLimiterOptions,
  RedisRateLimiterOptions,
  RedisScriptClient,
  FallbackRateLimiterOptions,
  RateLimitPolicyOptions,
} from './core/rate-limit/index.js';
