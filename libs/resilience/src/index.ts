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
export { isHttpClientError, isCancellation } from './core/circuit-breaker/error-classifier.js';
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

// Connection pools (HTTP and Redis), their manager, and the Nest glue for them
export { HttpConnectionPool } from './core/pools/http-pool.js';
export type { HttpRequestConfig } from './core/pools/http-pool.js';
export type { HttpPoolOptions, ResolvedHttpPoolOptions } from './core/pools/http-pool-options.js';
export { RedisConnectionPool } from './core/pools/redis-pool.js';
export type { RedisPoolConnection, ReleaseOptions } from './core/pools/redis-pool.js';
export type { RedisPoolOptions, ResolvedRedisPoolOptions, RedisNodeAddress, RedisMode } from './core/pools/redis-pool-options.js';
export { ConnectionPoolManager } from './core/pools/pool-manager.js';
export type { PoolsHealthReport } from './core/pools/pool-manager.js';
export type { PoolStatus, PoolKind, PoolStats, PoolStatusChange, PoolHealthCheckFailure, ManagedPool } from './core/pools/pool-types.js';
export { redactUrl } from './core/pools/redact.js';
export { InjectHttpPool, InjectRedisPool, getHttpPoolToken, getRedisPoolToken } from './nest/pool-injection.js';
export { toHttpService } from './nest/http-service-adapter.js';

// Bulkheads (semaphore and worker-thread), timeout, retry and fallback
export { BulkheadPolicy } from './core/bulkhead/bulkhead-policy.js';
export type { BulkheadOptions, BulkheadRejectionListener } from './core/bulkhead/bulkhead-policy.js';
export type { BulkheadLimits, BulkheadSnapshot } from './core/bulkhead/bulkhead-options.js';
export { WorkerBulkhead } from './core/bulkhead/worker-bulkhead.js';
export type { WorkerBulkheadOptions, WorkerRunOptions } from './core/bulkhead/worker-bulkhead.js';
export { TimeoutPolicy } from './core/timeout/timeout-policy.js';
export type { TimeoutOptions } from './core/timeout/timeout-policy.js';
export { RetryPolicy } from './core/retry/retry-policy.js';
export type { RetryOptions, RetryEvent, RetryListener } from './core/retry/retry-policy.js';
export type { BackoffOptions, Jitter } from './core/retry/backoff.js';
export type { ErrorFilter, ErrorPredicate } from './core/retry/error-filter.js';
export { FallbackPolicy } from './core/fallback/fallback-policy.js';
export type { FallbackOptions } from './core/fallback/fallback-policy.js';

// Nest: module, registries, decorators, explorer
export { ResilienceModule } from './nest/resilience.module.js';
export type { ResilienceModuleOptions } from './nest/resilience-module-options.js';
export { RESILIENCE_MODULE_OPTIONS } from './nest/resilience-module-definition.js';
export type { ResilienceModuleExtras } from './nest/resilience-module-definition.js';
export { registerResilienceFeature, registeredResilienceFeatures } from './nest/resilience-features.js';
export type { ResilienceFeature } from './nest/resilience-features.js';
export {
  RESILIENCE_CONFIG,
  RATE_LIMIT_POLICY_FACTORY,
  CIRCUIT_BREAKER_METADATA,
  BULKHEAD_METADATA,
  RETRY_METADATA,
  TIMEOUT_METADATA,
  FALLBACK_METADATA,
} from './nest/tokens.js';
export { PolicyRegistry } from './nest/policy-registry.js';
export type { RegistryCreateListener } from './nest/policy-registry.js';
export { CircuitBreakerRegistry } from './nest/circuit-breaker.registry.js';
export { BulkheadRegistry } from './nest/bulkhead.registry.js';
export { RetryRegistry } from './nest/retry.registry.js';
export { TimeoutRegistry } from './nest/timeout.registry.js';
export { CircuitBreaker } from './nest/decorators/circuit-breaker.decorator.js';
export type { CircuitBreakerOverrides } from './nest/decorators/circuit-breaker.decorator.js';
export { Bulkhead } from './nest/decorators/bulkhead.decorator.js';
export type { BulkheadOverrides } from './nest/decorators/bulkhead.decorator.js';
export { Retry } from './nest/decorators/retry.decorator.js';
export type { RetryOverrides, RetryDecoratorOptions } from './nest/decorators/retry.decorator.js';
export { Timeout } from './nest/decorators/timeout.decorator.js';
export { Fallback } from './nest/decorators/fallback.decorator.js';
export { ResilienceExplorer } from './nest/resilience-explorer.js';
export type { WrappedMethod, RateLimitPolicyFactory } from './nest/resilience-explorer.js';

// Configuration: schema, YAML + environment loading, validation, defaults
export {
  resolveResilienceConfig,
  DEFAULTS as RESILIENCE_DEFAULTS,
  parseDuration,
  formatDuration,
  breakerOptions,
  bulkheadOptions,
  retryOptions,
  timeoutOptions,
  describeConfigKeys,
  ENV_BINDINGS,
  DEFAULT_CONFIG_FILES,
  CIRCUIT_BREAKER_DEFAULTS,
  BULKHEAD_DEFAULTS,
  RETRY_DEFAULTS,
  TIMEOUT_DEFAULTS,
  HTTP_POOL_DEFAULTS,
  REDIS_POOL_DEFAULTS,
  RATE_LIMIT_DEFAULTS,
  MIDDLEWARE_BULKHEAD_DEFAULTS,
  DEFAULT_HISTOGRAM_BUCKETS,
} from './config/index.js';
export type {
  ResolveResilienceConfigInput,
  BareDurationUnit,
  ConfigKeyDescription,
  ResilienceOptions,
  ResolvedResilienceConfig,
  BreakerConfig,
  BulkheadConfig,
  RetryConfig,
  TimeoutConfig,
  HttpPoolConfig,
  RedisPoolConfig,
  MiddlewareConfig,
  HealthConfig,
  MetricsConfig,
  LoggingConfig,
  ResolvedBreakerConfig,
  ResolvedBulkheadConfig,
  ResolvedRetryConfig,
  ResolvedTimeoutConfig,
  ResolvedHttpPoolConfig,
  ResolvedRedisPoolConfig,
  ResolvedConnectionPoolsConfig,
  RedisNode,
  ResolvedMiddlewareConfig,
  ResolvedRateLimitConfig,
  ResolvedMiddlewareBulkheadConfig,
  RateLimitKeyBy,
  ResolvedHealthConfig,
  ResolvedMetricsConfig,
  ResolvedLoggingConfig,
  NamedBulkheadOptions,
  NamedRetryOptions,
  NamedTimeoutOptions,
} from './config/index.js';

// Observability: health (Terminus), Prometheus metrics, log events. Importing these registers the
// health, metrics and logging features with ResilienceModule (each acts only when enabled in config).
export { ConnectionPoolHealthIndicator } from './health/connection-pool.health-indicator.js';
export { CircuitBreakerHealthIndicator } from './health/circuit-breaker.health-indicator.js';
export { BulkheadHealthIndicator } from './health/bulkhead.health-indicator.js';
export { ResilienceHealthController, resilienceHealthControllerAt, DEFAULT_HEALTH_PATH } from './health/resilience-health.controller.js';
export { RESILIENCE_HEALTH_RULES, healthRules, breakerHealth, poolHealth, bulkheadHealth, worstHealth } from './health/health-rules.js';
export type { HealthStatus, HealthRules, ResilienceHealthOptions } from './health/health-rules.js';
export { buildHealthReport, overallHealth } from './health/health-report.js';
export type { HealthReport, PoolHealthDetails, BreakerHealthDetails, BulkheadHealthDetails } from './health/health-report.js';
export { RESILIENCE_HEALTH_FEATURE, ResilienceHealthRoutes } from './health/health.feature.js';
export { ResilienceMetricsCollector } from './metrics/resilience-metrics-collector.js';
export type { ResilienceMetricsOptions, ObservedRateLimit } from './metrics/resilience-metrics-collector.js';
export { METRIC as RESILIENCE_METRIC_NAMES } from './metrics/metric-names.js';
export { breakerStateValue, poolStatusValue } from './metrics/state-encoding.js';
export { RESILIENCE_SOURCES, staticSources } from './metrics/resilience-sources.js';
export type {
  ResilienceSources,
  ObservedBreaker,
  ObservedBulkhead,
  ObservedBulkheadSnapshot,
  ObservedPool,
} from './metrics/resilience-sources.js';
export { RESILIENCE_METRICS_FEATURE, RESILIENCE_RATE_LIMIT_REJECTIONS, ResilienceMetricsRoute } from './metrics/metrics.feature.js';
export { ResilienceEventLogger, RESILIENCE_LOGGER_CONTEXT } from './logging/resilience-event-logger.js';
export type {
  ResilienceEventLoggerOptions,
  WatchableBreaker,
  WatchableBulkhead,
  WatchablePool,
} from './logging/resilience-event-logger.js';
export { RESILIENCE_LOG_EVENTS } from './logging/log-event-names.js';
export type { ResilienceLogEventName } from './logging/log-event-names.js';
export { createResilienceLogger, isJsonLogFormat } from './logging/resilience-logger-factory.js';
export type { ResilienceLoggerOptions } from './logging/resilience-logger-factory.js';
export { ResilienceLogBridge, RESILIENCE_EVENT_LOGGER, RESILIENCE_LOGGING_FEATURE } from './logging/logging.feature.js';

// HTTP layer: every route gets timeout, rate limit, per-route breaker and bulkhead (Express and Fastify)
export { ResilienceHttpModule } from './http/resilience-http.module.js';
export type { ResilienceHttpModuleExtras } from './http/resilience-http.module.js';
export { ResilienceInterceptor } from './http/resilience.interceptor.js';
export { ResilienceExceptionFilter } from './http/resilience-exception.filter.js';
export { ResilienceHttpException } from './http/resilience-http.exception.js';
export { RouteResilienceRegistry, HTTP_BULKHEAD_NAME } from './http/route-resilience.registry.js';
export type { RedisClientResolver, RouteBreakerFactory } from './http/route-resilience.registry.js';
export { RateLimit } from './http/rate-limit.decorator.js';
export type { RateLimitDecoratorOptions, RouteRateLimit } from './http/rate-limit.decorator.js';
export { SkipResilience, HTTP_RESILIENCE_FEATURES } from './http/skip-resilience.decorator.js';
export type { HttpResilienceFeature } from './http/skip-resilience.decorator.js';
export { ResilienceSignal } from './http/resilience-signal.decorator.js';
export { resolveHttpResilienceOptions, HTTP_RESILIENCE_DEFAULTS } from './http/http-options.js';
export type {
  HttpResilienceOptions,
  ResolvedHttpResilienceOptions,
  HttpRateLimitOptions,
  HttpBulkheadOptions,
  HttpCircuitBreakerOptions,
  RateLimitKeyBy as HttpRateLimitKeyBy,
} from './http/http-options.js';
export { httpAnswerFor, statusOfError } from './http/error-to-http.js';
export type { HttpAnswer, HttpAnswerBody } from './http/error-to-http.js';
export { HTTP_RESILIENCE_OPTIONS, HTTP_RATE_LIMIT_REDIS_RESOLVER, HTTP_ROUTE_BREAKER_FACTORY } from './http/http-tokens.js';
// Registers the HTTP layer with ResilienceModule (driven by the `middleware` config section).
export { httpOptionsFromConfig } from './http/http-resilience.feature.js';
export type { AnyBulkhead, WorkerBulkheadSpec } from './nest/bulkhead.registry.js';
export type { ResultKind } from './nest/method-wrapper.js';

// Call-duration histogram per decorated method (metrics.histogram)
export { DurationHistogram } from './core/metrics/duration-histogram.js';
export { TimedPolicy } from './core/metrics/timed-policy.js';
export { MethodDurationRegistry } from './nest/method-durations.registry.js';
export { HTTP_EVENT_LOGGER } from './http/http-tokens.js';
