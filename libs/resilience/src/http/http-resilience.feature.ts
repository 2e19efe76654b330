/**
 * Plugs the HTTP layer into `ResilienceModule` (nest/resilience-features.ts): its options come from
 * the resolved `middleware` section, Redis rate limits use the module's pools, and the exception
 * filter is registered globally. With forRootAsync the binder decides at run time from the config
 * (known late): with `middleware.enabled: false` it binds nothing. With forRoot the config is known
 * at build time, and a disabled middleware leaves the binder out altogether.
 */
import type { LoggerService, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ResolvedMiddlewareConfig } from '../config/schema/middleware.schema.js';
import { ConnectionPoolManager } from '../core/pools/pool-manager.js';
import type { RedisScriptClient } from '../core/rate-limit/redis-rate-limiter.js';
import { registerResilienceFeature } from '../nest/resilience-features.js';
import { RESILIENCE_CONFIG, ROUTE_BINDER } from '../nest/tokens.js';
import { resolveHttpResilienceOptions, type HttpResilienceOptions } from './http-options.js';
import { RESILIENCE_EVENT_LOGGER } from '../logging/logging.feature.js';
import { createResilienceLogger } from '../logging/resilience-logger-factory.js';
import { RESILIENCE_LOGGER_CONTEXT } from '../logging/resilience-event-logger.js';
import type { ObservabilityConfig } from '../metrics/observability-config.js';
import { HTTP_EVENT_LOGGER, HTTP_RATE_LIMIT_REDIS_RESOLVER, HTTP_RESILIENCE_OPTIONS } from './http-tokens.js';
import { defaultHttpEventLogger } from './rate-limit-store-events.js';
import { ResilienceExceptionFilter } from './resilience-exception.filter.js';
import { ResilienceInterceptor } from './resilience.interceptor.js';
import { RouteResilienceBinder } from './route-resilience.binder.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';

/** The config layer's `middleware` section as HTTP layer options. */
export function httpOptionsFromConfig(middleware: ResolvedMiddlewareConfig | undefined): HttpResilienceOptions {
  if (middleware === undefined) return { enabled: false, rateLimit: false, circuitBreaker: false, bulkhead: false };
  const { rateLimit, bulkhead } = middleware;
  return {
    enabled: middleware.enabled,
    timeout: middleware.timeout,
    rateLimit: rateLimit === false ? false : { ...rateLimit },
    circuitBreaker: middleware.circuitBreaker,
    bulkhead: bulkhead === false ? false : { ...bulkhead },
    exclude: middleware.exclude,
    exceptionFilter: middleware.exceptionFilter,
  };
}

const providers: Provider[] = [
  {
    provide: HTTP_RESILIENCE_OPTIONS,
    useFactory: (config: { middleware?: ResolvedMiddlewareConfig }) =>
      resolveHttpResilienceOptions(httpOptionsFromConfig(config.middleware)),
    inject: [RESILIENCE_CONFIG],
  },
  {
    provide: HTTP_RATE_LIMIT_REDIS_RESOLVER,
    useFactory: (pools: ConnectionPoolManager) => (name: string) => pools.getRedisPool(name).client as unknown as RedisScriptClient,
    inject: [ConnectionPoolManager],
  },
  {
    // The same logger as the other resilience events (logging.feature.ts): the app's own, a JSON one
    // with `logging.json`, or the one bound to RESILIENCE_EVENT_LOGGER.
    provide: HTTP_EVENT_LOGGER,
    useFactory: (config: ObservabilityConfig, custom?: LoggerService): LoggerService =>
      custom ??
      (config.logging?.json ? createResilienceLogger({ json: true, context: RESILIENCE_LOGGER_CONTEXT }) : defaultHttpEventLogger()),
    inject: [RESILIENCE_CONFIG, { token: RESILIENCE_EVENT_LOGGER, optional: true }],
  },
  RouteResilienceRegistry,
  ResilienceInterceptor,
  RouteResilienceBinder,
  { provide: ROUTE_BINDER, useExisting: RouteResilienceBinder },
  { provide: APP_FILTER, useClass: ResilienceExceptionFilter },
];

/** With forRoot, a disabled middleware leaves out the route binding, so routes pay nothing. */
function providersFor(config: { middleware?: ResolvedMiddlewareConfig }): Provider[] {
  if (httpOptionsFromConfig(config.middleware).enabled) return providers;
  return providers.filter((p) => !(typeof p === 'object' && p.provide === ROUTE_BINDER));
}

registerResilienceFeature({ name: 'http', providers, providersFor, exports: [RouteResilienceRegistry] });
