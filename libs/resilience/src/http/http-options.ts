/**
 * Options of the HTTP layer, in milliseconds, as the config layer resolves
 * `ResolvedResilienceConfig.middleware` (or as `ResilienceHttpModule.forRoot` is given directly).
 */
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import type { RateLimitAlgorithm } from '../core/rate-limit/rate-limiter.js';
import type { RedisScriptClient } from '../core/rate-limit/redis-rate-limiter.js';
import { OptionChecker } from '../core/validate-options.js';

/** The request as both adapters give it to handlers (Express `Request`, Fastify `FastifyRequest`). */
export type HttpRequestLike = {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  raw?: { socket?: { remoteAddress?: string } };
};

/** `'ip'`: the client address (see `trustProxy`); `'global'`: one bucket for all; a function: any key (API key, user id). */
export type RateLimitKeyBy = 'ip' | 'global' | ((request: HttpRequestLike) => string);

export interface HttpRateLimitOptions {
  requests: number;
  /** Window length in ms. */
  window: number;
  algorithm?: RateLimitAlgorithm;
  store?: 'memory' | 'redis';
  /** `store: 'redis'`: the named Redis pool of `ConnectionPoolManager` (default `default`). */
  redisPool?: string;
  /** `store: 'redis'` without the module's pools: a client to use directly. */
  redisClient?: RedisScriptClient;
  keyBy?: RateLimitKeyBy;
  /**
   * Whether `X-Forwarded-For` is believed: `false` (default) uses the socket address; `true` the
   * left-most valid address; a number N the address N hops before the socket (N trusted proxies).
   */
  trustProxy?: boolean | number;
  /** Distinct keys kept per window in memory (default 100,000). */
  maxKeys?: number;
  /** Prefix of Redis keys (default `nest-resilience:http:`). */
  keyPrefix?: string;
  /** `store: 'redis'`: an answer slower than this counts as a failure and memory takes over (default 250 ms). */
  storeTimeoutMs?: number;
  /**
   * `RateLimit-Limit`/`-Remaining`/`-Reset` on admitted answers too, so clients can pace themselves
   * (as express-rate-limit and @nestjs/throttler do). Default false: only 429s carry them (always,
   * with `Retry-After`), because three more headers on every answer cost a tiny route about 8% of its
   * throughput on Fastify (`npm run bench:http`), more than the whole layer's own work.
   */
  headers?: boolean;
}

export interface HttpBulkheadOptions {
  maxConcurrent: number;
  maxQueue?: number;
  maxWaitMs?: number;
  /** Status of a rejection: 503 (default) or 429. */
  rejectStatus?: 503 | 429;
  /** A bulkhead per route template as well, with these limits (default: none). */
  perRoute?: false | { maxConcurrent: number; maxQueue?: number; maxWaitMs?: number };
}

export type HttpCircuitBreakerOptions = Omit<CircuitBreakerOptions, 'name' | 'recordOn' | 'ignoreOn'>;

export interface HttpResilienceOptions {
  enabled?: boolean;
  /** Deadline of every handler in ms; `false` for none. */
  timeout?: number | false;
  rateLimit?: false | HttpRateLimitOptions;
  /** A breaker per route template: `true` for the defaults, or breaker options. */
  circuitBreaker?: boolean | HttpCircuitBreakerOptions;
  bulkhead?: false | HttpBulkheadOptions;
  /** Route templates excluded: exact, or a prefix ending at a `/` boundary (`/health` covers `/health/live`). */
  exclude?: readonly string[];
  /** Register the filter that maps library errors from handlers to statuses (default true). */
  exceptionFilter?: boolean;
}

/** Options with defaults filled in and checked. */
export interface ResolvedHttpResilienceOptions {
  enabled: boolean;
  timeout: number | false;
  rateLimit: false | (Required<Omit<HttpRateLimitOptions, 'redisClient'>> & { redisClient?: RedisScriptClient });
  circuitBreaker: false | HttpCircuitBreakerOptions;
  bulkhead: false | (Required<Omit<HttpBulkheadOptions, 'maxWaitMs'>> & { maxWaitMs?: number });
  exclude: readonly string[];
  exceptionFilter: boolean;
}

/** The seed's defaults: 30 s timeout, 100 requests per 60 s, breaker and bulkhead on. */
export const HTTP_RESILIENCE_DEFAULTS = {
  timeout: 30_000,
  rateLimit: { requests: 100, window: 60_000 },
  bulkhead: { maxConcurrent: 100, maxQueue: 50 },
} as const;

export function resolveHttpResilienceOptions(input: HttpResilienceOptions = {}): ResolvedHttpResilienceOptions {
  const check = new OptionChecker('middleware');
  const timeout = input.timeout === undefined ? HTTP_RESILIENCE_DEFAULTS.timeout : input.timeout;
  if (timeout !== false) check.integer('timeout', timeout, 1, 2_147_483_647);

  let rateLimit: ResolvedHttpResilienceOptions['rateLimit'] = false;
  if (input.rateLimit !== false && input.rateLimit !== undefined) {
    const r = input.rateLimit;
    check.integer('rateLimit.requests', r.requests, 1);
    check.integer('rateLimit.window', r.window, 1);
    check.oneOf('rateLimit.algorithm', r.algorithm, ['fixed', 'sliding']);
    check.oneOf('rateLimit.store', r.store, ['memory', 'redis']);
    check.integer('rateLimit.maxKeys', r.maxKeys, 1);
    check.integer('rateLimit.storeTimeoutMs', r.storeTimeoutMs, 1);
    check.rule(r.headers === undefined || typeof r.headers === 'boolean', 'rateLimit.headers', 'must be a boolean');
    check.rule(
      r.keyBy === undefined || r.keyBy === 'ip' || r.keyBy === 'global' || typeof r.keyBy === 'function',
      'rateLimit.keyBy',
      "must be 'ip', 'global' or a function",
    );
    check.rule(
      r.trustProxy === undefined || typeof r.trustProxy === 'boolean' || (Number.isInteger(r.trustProxy) && r.trustProxy >= 0),
      'rateLimit.trustProxy',
      'must be a boolean or a number of trusted proxies >= 0',
    );
    rateLimit = {
      requests: r.requests,
      window: r.window,
      algorithm: r.algorithm ?? 'fixed',
      store: r.store ?? 'memory',
      redisPool: r.redisPool ?? 'default',
      redisClient: r.redisClient,
      keyBy: r.keyBy ?? 'ip',
      trustProxy: r.trustProxy ?? false,
      maxKeys: r.maxKeys ?? 100_000,
      keyPrefix: r.keyPrefix ?? 'nest-resilience:http:',
      storeTimeoutMs: r.storeTimeoutMs ?? 250,
      headers: r.headers ?? false,
    };
  }

  let bulkhead: ResolvedHttpResilienceOptions['bulkhead'] = false;
  if (input.bulkhead !== false && input.bulkhead !== undefined) {
    const b = input.bulkhead;
    check.integer('bulkhead.maxConcurrent', b.maxConcurrent, 1);
    check.integer('bulkhead.maxQueue', b.maxQueue, 0);
    check.integer('bulkhead.maxWaitMs', b.maxWaitMs, 1);
    check.rule(
      b.rejectStatus === undefined || b.rejectStatus === 503 || b.rejectStatus === 429,
      'bulkhead.rejectStatus',
      'must be 503 or 429',
    );
    if (b.perRoute) {
      check.integer('bulkhead.perRoute.maxConcurrent', b.perRoute.maxConcurrent, 1);
      check.integer('bulkhead.perRoute.maxQueue', b.perRoute.maxQueue, 0);
      check.integer('bulkhead.perRoute.maxWaitMs', b.perRoute.maxWaitMs, 1);
    }
    bulkhead = {
      maxConcurrent: b.maxConcurrent,
      maxQueue: b.maxQueue ?? 0,
      maxWaitMs: b.maxWaitMs,
      rejectStatus: b.rejectStatus ?? 503,
      perRoute: b.perRoute ?? false,
    };
  }

  const exclude = input.exclude ?? [];
  check.rule(
    Array.isArray(exclude) && exclude.every((e) => typeof e === 'string' && e.startsWith('/')),
    'exclude',
    'must be a list of paths starting with "/"',
  );
  check.throwIfInvalid('Invalid HTTP resilience options');

  const breaker = input.circuitBreaker ?? true;
  return {
    enabled: input.enabled ?? true,
    timeout,
    rateLimit,
    circuitBreaker: breaker === false ? false : breaker === true ? {} : breaker,
    bulkhead,
    exclude,
    exceptionFilter: input.exceptionFilter ?? true,
  };
}
