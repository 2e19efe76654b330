/** Injection tokens and metadata keys of the HTTP layer. */

/** The resolved `ResolvedHttpResilienceOptions`. */
export const HTTP_RESILIENCE_OPTIONS = Symbol.for('nest-resilience.http-options');

/** Optional: `(poolName) => RedisScriptClient` for `rateLimit.store: 'redis'` (the module binds it to its pools). */
export const HTTP_RATE_LIMIT_REDIS_RESOLVER = Symbol.for('nest-resilience.http-rate-limit-redis');

/** Optional: `(name, options) => CircuitBreakerPolicy`, so route breakers live in the module's registry. */
export const HTTP_ROUTE_BREAKER_FACTORY = Symbol.for('nest-resilience.http-route-breaker-factory');

/** On a handler whose parameters include `@ResilienceSignal()`: that parameter's index. */
export const RESILIENCE_SIGNAL_METADATA = 'nest-resilience:signal';

/** Where the interceptor (request-scoped controllers only) leaves the handler's AbortSignal on the request. */
export const REQUEST_SIGNAL = Symbol.for('nest-resilience.request-signal');

/** Optional: the LoggerService for the HTTP layer's log events (default `new Logger('Resilience')`). */
export const HTTP_EVENT_LOGGER = Symbol.for('nest-resilience.http-event-logger');
