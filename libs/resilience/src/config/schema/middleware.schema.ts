/**
 * `middleware`: resilience applied to every HTTP route (the seed's ResilienceMiddleware).
 * The HTTP-layer helper may add keys here; keep the config tests passing.
 */
import { z } from 'zod';
import { describeValue } from '../describe-value.js';
import { breakerSchema, resolveBreaker, type BreakerInput, type ResolvedBreakerConfig } from './circuit-breakers.schema.js';
import { DURATION_META, bool, boolOr, duration, falseOr, int, oneOf, section, stringList, text, type SchemaContext } from './fields.js';
import { type ResolveContext } from './resolve-context.js';

export const RATE_LIMIT_STORE_VALUES = ['memory', 'redis'] as const;
export const RATE_LIMIT_ALGORITHM_VALUES = ['fixed', 'sliding'] as const;
export const RATE_LIMIT_KEY_VALUES = ['ip', 'global'] as const;

/** Which client a request counts against: its IP, one bucket for all, or a function of the request (code only). */
export type RateLimitKeyBy = (typeof RATE_LIMIT_KEY_VALUES)[number] | ((request: unknown) => string);

const trustProxyRule = (i: { input?: unknown }): string =>
  `must be true, false or a number of trusted proxies >= 0, got ${describeValue(i.input)}`;

export function rateLimitSchema(ctx: SchemaContext) {
  return section({
    requests: int(1).describe('Requests admitted per window and key'),
    window: duration(ctx).describe('Length of the window'),
    store: oneOf(RATE_LIMIT_STORE_VALUES).describe('memory (per process) or redis (shared by every replica)'),
    redisPool: text().describe('Redis pool of the redis store (default: main_cache, or the only redis pool)'),
    keyBy: z
      .union([z.enum(RATE_LIMIT_KEY_VALUES), z.custom<(request: unknown) => string>((v) => typeof v === 'function')], {
        error: (i) => `must be one of 'ip', 'global' or a function (request) => key, got ${describeValue(i.input)}`,
      })
      .optional()
      .describe("'ip' (client address), 'global' (one bucket), or a function in code"),
    trustProxy: z
      .union([z.boolean(), z.number().int({ error: trustProxyRule }).min(0, { error: trustProxyRule })], { error: trustProxyRule })
      .optional()
      .describe('Take the client address from X-Forwarded-For: true (left-most), or N trusted proxies'),
    algorithm: oneOf(RATE_LIMIT_ALGORITHM_VALUES).describe('fixed or sliding window'),
    maxKeys: int(1).describe('Keys the memory store keeps at most (oldest evicted)'),
    keyPrefix: text().describe('Prefix of the redis store keys (default nest-resilience:http:)'),
    storeTimeoutMs: duration({ bareDurationUnit: 'ms' }, { bareIsMs: true }).describe(
      'Redis store answers slower than this fall back to memory (default 250ms)',
    ),
    headers: bool().describe('RateLimit-* headers on every answer, not only on 429s (costs ~8% of a tiny route on Fastify)'),
  });
}

export function middlewareBulkheadSchema() {
  return section({
    maxConcurrent: int(1).describe('Requests handled at once'),
    maxQueue: int(0).describe('Requests waiting for a slot'),
    maxWaitMs: duration({ bareDurationUnit: 'ms' }, { bareIsMs: true }).describe('Longest wait for a slot'),
    rejectStatus: z
      .union([z.literal(503), z.literal(429)], { error: (i) => `must be 503 or 429, got ${describeValue(i.input)}` })
      .optional()
      .describe('Status of a rejected request'),
    perRoute: falseOr(
      section({
        maxConcurrent: int(1).unwrap().describe('Requests one route handles at once'),
        maxQueue: int(0).describe('Requests waiting for one of its slots'),
        maxWaitMs: duration({ bareDurationUnit: 'ms' }, { bareIsMs: true }).describe('Longest wait for a slot'),
      }),
      'per-route bulkhead options { max_concurrent, max_queue }',
    ).describe('A bulkhead per route template as well, with these limits; false: none'),
  });
}

export function middlewareSchema(ctx: SchemaContext) {
  return section({
    enabled: bool().describe('Apply the middleware (default: true when the section is given)'),
    timeout: falseOr(duration(ctx).unwrap(), 'a duration')
      .meta(DURATION_META)
      .describe('Deadline of every request (504 after it); false: none'),
    rateLimit: boolOr(rateLimitSchema(ctx), 'rate-limit options { requests, window, store }').describe(
      'Rate limit per client; false: none',
    ),
    circuitBreaker: boolOr(breakerSchema(ctx), 'circuit breaker options').describe(
      'A breaker per route (true: the default breaker options)',
    ),
    bulkhead: boolOr(middlewareBulkheadSchema(), 'bulkhead options { max_concurrent, max_queue }').describe(
      'A bulkhead for all routes; false: none',
    ),
    exclude: stringList().describe(
      'Paths left alone, matched exactly or as a prefix on "/" boundaries (default: the health and metrics paths)',
    ),
    exceptionFilter: bool().describe('Map library errors thrown in handlers to 503/429/504 answers'),
  })
    .optional()
    .describe('Resilience for every HTTP route');
}

export type MiddlewareInput = z.output<ReturnType<typeof middlewareSchema>>;

export interface ResolvedRateLimitConfig {
  requests: number;
  window: number;
  store: (typeof RATE_LIMIT_STORE_VALUES)[number];
  /** Set when `store` is `redis`. */
  redisPool?: string;
  keyBy: RateLimitKeyBy;
  trustProxy: boolean | number;
  algorithm: (typeof RATE_LIMIT_ALGORITHM_VALUES)[number];
  maxKeys: number;
  keyPrefix?: string;
  storeTimeoutMs?: number;
  headers: boolean;
}

export interface ResolvedMiddlewareBulkheadConfig {
  maxConcurrent: number;
  maxQueue: number;
  maxWaitMs?: number;
  rejectStatus: 503 | 429;
  perRoute?: false | { maxConcurrent: number; maxQueue?: number; maxWaitMs?: number };
}

export interface ResolvedMiddlewareConfig {
  enabled: boolean;
  /** Milliseconds, or false for no deadline. */
  timeout: number | false;
  rateLimit: false | ResolvedRateLimitConfig;
  circuitBreaker: false | ResolvedBreakerConfig;
  bulkhead: false | ResolvedMiddlewareBulkheadConfig;
  exclude: string[];
  exceptionFilter: boolean;
}

export const RATE_LIMIT_DEFAULTS: Omit<ResolvedRateLimitConfig, 'redisPool'> = {
  requests: 100,
  window: 60_000,
  store: 'memory',
  keyBy: 'ip',
  trustProxy: false,
  algorithm: 'fixed',
  maxKeys: 100_000,
  headers: false,
};

export const MIDDLEWARE_BULKHEAD_DEFAULTS: ResolvedMiddlewareBulkheadConfig = { maxConcurrent: 100, maxQueue: 0, rejectStatus: 503 };

/** `exclude` is left out: it defaults to the health and metrics paths. */
export const MIDDLEWARE_DEFAULTS: Omit<ResolvedMiddlewareConfig, 'exclude'> = {
  enabled: false,
  timeout: 30_000,
  rateLimit: false,
  circuitBreaker: false,
  bulkhead: false,
  exceptionFilter: true,
};

export interface MiddlewareDependencies {
  /** The user's `circuitBreakers.default`, inherited by the route breakers. */
  defaultBreaker: BreakerInput | undefined;
  redisPoolNames: readonly string[];
  healthPath: string;
  metricsPath: string;
}

const PATH = ['middleware'];

export function resolveMiddleware(
  input: MiddlewareInput | undefined,
  ctx: ResolveContext,
  deps: MiddlewareDependencies,
): ResolvedMiddlewareConfig {
  const given = input ?? {};
  const exclude = given.exclude ?? [`/${deps.healthPath}`, `/${deps.metricsPath}`];
  exclude.forEach((path, i) => {
    if (!path.startsWith('/')) ctx.report([...PATH, 'exclude', i], `must start with "/", got ${describeValue(path)}`);
  });
  return {
    // Writing a middleware section means wanting it, unless it says `enabled: false`.
    enabled: given.enabled ?? input !== undefined,
    timeout: given.timeout ?? MIDDLEWARE_DEFAULTS.timeout,
    rateLimit: resolveRateLimit(given.rateLimit, ctx, deps),
    circuitBreaker:
      given.circuitBreaker === undefined || given.circuitBreaker === false
        ? false
        : resolveBreaker(
            [...PATH, 'circuitBreaker'],
            deps.defaultBreaker,
            given.circuitBreaker === true ? undefined : given.circuitBreaker,
            ctx,
          ),
    bulkhead:
      given.bulkhead === undefined || given.bulkhead === false
        ? false
        : { ...MIDDLEWARE_BULKHEAD_DEFAULTS, ...(given.bulkhead === true ? {} : withoutUndefined(given.bulkhead)) },
    exclude,
    exceptionFilter: given.exceptionFilter ?? MIDDLEWARE_DEFAULTS.exceptionFilter,
  };
}

function resolveRateLimit(
  given: NonNullable<MiddlewareInput>['rateLimit'],
  ctx: ResolveContext,
  deps: MiddlewareDependencies,
): false | ResolvedRateLimitConfig {
  if (given === undefined || given === false) return false;
  const options = { ...RATE_LIMIT_DEFAULTS, ...(given === true ? {} : withoutUndefined(given)) };
  const path = [...PATH, 'rateLimit'];
  if (options.store !== 'redis') {
    const { redisPool: _ignored, ...memory } = options as ResolvedRateLimitConfig;
    return memory;
  }
  const names = deps.redisPoolNames;
  const redisPool = options.redisPool ?? (names.includes('main_cache') ? 'main_cache' : names.length === 1 ? names[0] : undefined);
  if (redisPool === undefined) {
    ctx.report([...path, 'redisPool'], (k) =>
      names.length === 0
        ? `is required with ${k('store')} 'redis', and no redis pool is configured under connection_pools.redis`
        : `is required with ${k('store')} 'redis' when there are several redis pools (${names.join(', ')})`,
    );
  } else if (!names.includes(redisPool)) {
    ctx.report(
      [...path, 'redisPool'],
      `must name a configured redis pool (${names.join(', ') || 'none configured'}), got ${describeValue(redisPool)}`,
    );
  }
  return { ...options, redisPool };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
