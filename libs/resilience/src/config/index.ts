/** The configuration layer: schema, YAML + environment loading, validation, defaults. */
export { resolveResilienceConfig, type ResolveResilienceConfigInput } from './resolve-config.js';
export { DEFAULTS } from './defaults.js';
export { parseDuration, formatDuration, type BareDurationUnit } from './duration.js';
export {
  breakerOptions,
  bulkheadOptions,
  retryOptions,
  timeoutOptions,
  type NamedBulkheadOptions,
  type NamedRetryOptions,
  type NamedTimeoutOptions,
} from './instance-options.js';
export { describeConfigKeys, type ConfigKeyDescription } from './describe-config-keys.js';
export { ENV_BINDINGS, REDIS_ENV_DEFAULT_POOL } from './env-source.js';
export { DEFAULT_CONFIG_FILES } from './yaml-source.js';
export type {
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
} from './schema/resilience.schema.js';
export { CIRCUIT_BREAKER_DEFAULTS, type ResolvedBreakerConfig } from './schema/circuit-breakers.schema.js';
export { BULKHEAD_DEFAULTS, type ResolvedBulkheadConfig } from './schema/bulkheads.schema.js';
export { RETRY_DEFAULTS, type ResolvedRetryConfig } from './schema/retries.schema.js';
export { TIMEOUT_DEFAULTS, type ResolvedTimeoutConfig } from './schema/timeouts.schema.js';
export {
  HTTP_POOL_DEFAULTS,
  REDIS_POOL_DEFAULTS,
  type ResolvedHttpPoolConfig,
  type ResolvedRedisPoolConfig,
  type ResolvedConnectionPoolsConfig,
  type RedisNode,
} from './schema/connection-pools.schema.js';
export {
  RATE_LIMIT_DEFAULTS,
  MIDDLEWARE_BULKHEAD_DEFAULTS,
  type ResolvedMiddlewareConfig,
  type ResolvedRateLimitConfig,
  type ResolvedMiddlewareBulkheadConfig,
  type RateLimitKeyBy,
} from './schema/middleware.schema.js';
export { type ResolvedHealthConfig } from './schema/health.schema.js';
export { DEFAULT_HISTOGRAM_BUCKETS, type ResolvedMetricsConfig } from './schema/metrics.schema.js';
export { type ResolvedLoggingConfig } from './schema/logging.schema.js';
