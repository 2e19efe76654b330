export type { RateLimitAlgorithm, RateLimitResult, RateLimiter } from './rate-limiter.js';
export type { WindowOptions } from './rate-limiter-options.js';
export { MemoryRateLimiter, DEFAULT_MAX_KEYS, type MemoryRateLimiterOptions } from './memory-rate-limiter.js';
export { RedisRateLimiter, type RedisRateLimiterOptions, type RedisScriptClient } from './redis-rate-limiter.js';
export { FallbackRateLimiter, type FallbackRateLimiterOptions } from './fallback-rate-limiter.js';
export { RateLimitPolicy, type RateLimitPolicyOptions } from './rate-limit-policy.js';
