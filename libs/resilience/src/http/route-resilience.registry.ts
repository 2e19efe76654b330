/**
 * Resolves and caches the `RoutePolicies` of each handler: the first request to a route reads its
 * template, its decorators (through `Reflector`) and the options, and builds its limiter, breaker,
 * timeout and bulkheads; every later request is one Map lookup.
 */
import { Inject, Injectable, Optional, type ExecutionContext, type LoggerService, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { BulkheadPolicy } from '../core/bulkhead/bulkhead-policy.js';
import { CircuitBreakerPolicy } from '../core/circuit-breaker/circuit-breaker-policy.js';
import type { CircuitBreakerOptions } from '../core/circuit-breaker/circuit-breaker-options.js';
import type { Policy } from '../core/policy.js';
import { FallbackRateLimiter } from '../core/rate-limit/fallback-rate-limiter.js';
import { MemoryRateLimiter } from '../core/rate-limit/memory-rate-limiter.js';
import type { RateLimitAlgorithm, RateLimiter } from '../core/rate-limit/rate-limiter.js';
import { RedisRateLimiter, type RedisScriptClient } from '../core/rate-limit/redis-rate-limiter.js';
import { TimeoutPolicy } from '../core/timeout/timeout-policy.js';
import { ResilienceConfigError } from '../core/errors.js';
import { RATE_LIMIT_METADATA, SKIP_RESILIENCE_METADATA } from '../nest/tokens.js';
import { makeExcludeMatcher } from './exclude-matcher.js';
import type { ResolvedHttpResilienceOptions } from './http-options.js';
import {
  HTTP_EVENT_LOGGER,
  HTTP_RATE_LIMIT_REDIS_RESOLVER,
  HTTP_RESILIENCE_OPTIONS,
  HTTP_ROUTE_BREAKER_FACTORY,
  RESILIENCE_SIGNAL_METADATA,
} from './http-tokens.js';
import type { RouteRateLimit } from './rate-limit.decorator.js';
import {
  defaultHttpEventLogger,
  rateLimitStoreFallbackFields,
  rateLimitStoreRecoveredFields,
  writeRateLimitStoreEvent,
} from './rate-limit-store-events.js';
import { countsAsRouteFailure, RoutePolicies, type RouteRateLimiting } from './route-policies.js';
import { routeMethod, routeTemplate } from './route-template.js';
import type { HttpResilienceFeature } from './skip-resilience.decorator.js';

/** Any controller method, as Nest calls it. */
export type RouteHandler = (...args: any[]) => unknown;
export type RedisClientResolver = (poolName: string) => RedisScriptClient;
export type RouteBreakerFactory = (options: CircuitBreakerOptions) => CircuitBreakerPolicy;

/** Name of the app-wide bulkhead; route policies are named `route:<METHOD> <template>`. */
export const HTTP_BULKHEAD_NAME = 'http';

const PASS_THROUGH = new RoutePolicies({ name: '', policies: [], needsSignal: false, bulkheadRejectStatus: 503 });

@Injectable()
export class RouteResilienceRegistry {
  private readonly routes = new Map<object, RoutePolicies>();
  private readonly isExcluded: (template: string) => boolean;
  private readonly timeouts = new Map<number, TimeoutPolicy>();
  private readonly globalBulkhead: BulkheadPolicy | undefined;
  private readonly globalLimiter: RateLimiter | undefined;
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();
  private readonly bulkheads = new Map<string, BulkheadPolicy>();

  constructor(
    @Inject(HTTP_RESILIENCE_OPTIONS) readonly options: ResolvedHttpResilienceOptions,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Optional() @Inject(HTTP_RATE_LIMIT_REDIS_RESOLVER) private readonly redisResolver?: RedisClientResolver,
    @Optional() @Inject(HTTP_ROUTE_BREAKER_FACTORY) private readonly breakerFactory?: RouteBreakerFactory,
    @Optional() @Inject(HTTP_EVENT_LOGGER) private readonly logger: LoggerService = defaultHttpEventLogger(),
  ) {
    this.isExcluded = makeExcludeMatcher(options.exclude);
    const b = options.bulkhead;
    this.globalBulkhead =
      b === false
        ? undefined
        : new BulkheadPolicy({ name: HTTP_BULKHEAD_NAME, maxConcurrent: b.maxConcurrent, maxQueue: b.maxQueue, maxWaitMs: b.maxWaitMs });
    const r = options.rateLimit;
    this.globalLimiter = r === false ? undefined : this.makeLimiter(r.requests, r.window, r.algorithm, '');
  }

  /** The policies of the route `ctx` runs; a pass-through (nothing to apply) when excluded or disabled. */
  forContext(ctx: ExecutionContext): RoutePolicies {
    const handler = ctx.getHandler() as RouteHandler;
    return this.routes.get(handler) ?? this.forRoute(handler, ctx.getClass(), ctx.getArgByIndex<object>(0));
  }

  /** The same, for the route binding: `handler` is the function Nest calls (the binding itself). */
  forRoute(handler: RouteHandler, controller: Type, request: object): RoutePolicies {
    const known = this.routes.get(handler);
    if (known !== undefined) return known;
    const built = this.build(handler, controller, request);
    this.routes.set(handler, built);
    return built;
  }

  /**
   * Whether routes are bound at all. Any route can get a rate limit (`@RateLimit` works without the
   * app-wide one), so every route is bound while the layer is enabled; a route with nothing to apply
   * then costs one cached lookup per request.
   */
  get bindsRoutes(): boolean {
    return this.options.enabled;
  }

  /** Route breakers and bulkheads created so far, by name (for health and metrics). */
  get routeBreakers(): ReadonlyMap<string, CircuitBreakerPolicy> {
    return this.breakers;
  }
  get routeBulkheads(): ReadonlyMap<string, BulkheadPolicy> {
    return this.bulkheads;
  }
  get httpBulkhead(): BulkheadPolicy | undefined {
    return this.globalBulkhead;
  }

  private build(handler: RouteHandler, controller: Type, request: object): RoutePolicies {
    const options = this.options;
    if (!options.enabled) return PASS_THROUGH;
    const targets = [handler, controller];
    if (this.reflector.get(SSE_METADATA, handler)) return PASS_THROUGH; // a stream has no deadline or single outcome
    const template = routeTemplate(request, controller, handler);
    if (this.isExcluded(template)) return PASS_THROUGH;
    const name = `${routeMethod(request, handler)} ${template}`;
    const skipped = new Set(
      this.reflector.getAllAndOverride<readonly HttpResilienceFeature[] | undefined>(SKIP_RESILIENCE_METADATA, targets) ?? [],
    );
    const own = this.reflector.getAllAndOverride<RouteRateLimit | undefined>(RATE_LIMIT_METADATA, targets);

    const policies: Policy[] = [];
    if (options.circuitBreaker !== false && !skipped.has('circuitBreaker')) policies.push(this.breaker(`route:${name}`));
    if (options.timeout !== false && !skipped.has('timeout')) policies.push(this.timeout(options.timeout));
    if (options.bulkhead !== false && !skipped.has('bulkhead')) {
      policies.push(this.globalBulkhead!);
      if (options.bulkhead.perRoute) policies.push(this.routeBulkhead(`route:${name}`, options.bulkhead.perRoute));
    }
    const wantsSignal = typeof this.reflector.get<number | undefined>(RESILIENCE_SIGNAL_METADATA, handler) === 'number';
    return new RoutePolicies({
      name,
      rateLimiting: skipped.has('rateLimit') ? undefined : this.rateLimiting(name, own),
      policies,
      // A signal costs ~3 µs: made only for handlers that asked (queued calls leave by maxWaitMs).
      needsSignal: wantsSignal,
      bulkheadRejectStatus: options.bulkhead === false ? 503 : options.bulkhead.rejectStatus,
    });
  }

  private rateLimiting(name: string, own: RouteRateLimit | undefined): RouteRateLimiting | undefined {
    const global = this.options.rateLimit;
    const keyBy = own?.keyBy ?? (global === false ? 'ip' : global.keyBy);
    const trustProxy = global === false ? false : global.trustProxy;
    const headers = global === false ? false : global.headers;
    if (own !== undefined) {
      const algorithm = own.algorithm ?? (global === false ? 'fixed' : global.algorithm);
      const prefix = `${name}|`;
      return { limiter: this.makeLimiter(own.requests, own.windowMs, algorithm, prefix), keyPrefix: prefix, keyBy, trustProxy, headers };
    }
    if (this.globalLimiter === undefined) return undefined;
    return { limiter: this.globalLimiter, keyPrefix: '', keyBy, trustProxy, headers };
  }

  private makeLimiter(limit: number, windowMs: number, algorithm: RateLimitAlgorithm, routePrefix: string): RateLimiter {
    const r = this.options.rateLimit;
    const maxKeys = r === false ? 100_000 : r.maxKeys;
    const memory = new MemoryRateLimiter({ limit, windowMs, algorithm, maxKeys });
    if (r === false || r.store === 'memory') return memory;
    const client = r.redisClient ?? this.redisResolver?.(r.redisPool);
    if (client === undefined) {
      throw new ResilienceConfigError([
        {
          path: 'middleware.rateLimit.redisPool',
          message: `store 'redis' needs the Redis pool "${r.redisPool}" (configure connectionPools.redis.${r.redisPool})`,
        },
      ]);
    }
    const redis = new RedisRateLimiter({ client, limit, windowMs, algorithm, keyPrefix: r.keyPrefix + routePrefix });
    // Which limiter fell back: the app-wide one or a @RateLimit route's (its prefix is `<name>|`).
    const limiter = routePrefix === '' ? 'http' : `route:${routePrefix.slice(0, -1)}`;
    return new FallbackRateLimiter({
      primary: redis,
      fallback: memory,
      primaryTimeoutMs: r.storeTimeoutMs,
      onFallback: (error) => writeRateLimitStoreEvent(this.logger, rateLimitStoreFallbackFields(r.redisPool, limiter, error)),
      onRecover: () => writeRateLimitStoreEvent(this.logger, rateLimitStoreRecoveredFields(r.redisPool, limiter)),
    });
  }

  private breaker(name: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(name);
    if (breaker === undefined) {
      const opts = this.options.circuitBreaker === false ? {} : this.options.circuitBreaker;
      const options: CircuitBreakerOptions = { ...opts, name, recordOn: countsAsRouteFailure };
      breaker = this.breakerFactory?.(options) ?? new CircuitBreakerPolicy(options);
      this.breakers.set(name, breaker);
    }
    return breaker;
  }

  private routeBulkhead(name: string, limits: { maxConcurrent: number; maxQueue?: number; maxWaitMs?: number }): BulkheadPolicy {
    let bulkhead = this.bulkheads.get(name);
    if (bulkhead === undefined) {
      const timeout = this.options.timeout;
      bulkhead = new BulkheadPolicy({ name, ...limits, maxWaitMs: limits.maxWaitMs ?? (timeout === false ? undefined : timeout) });
      this.bulkheads.set(name, bulkhead);
    }
    return bulkhead;
  }

  private timeout(ms: number): TimeoutPolicy {
    let policy = this.timeouts.get(ms);
    if (policy === undefined) {
      policy = new TimeoutPolicy({ timeoutMs: ms, name: 'HTTP handler' });
      this.timeouts.set(ms, policy);
    }
    return policy;
  }
}
