/**
 * Registers the HTTP layer for every route: the binder that puts each route's method under its rate
 * limit, breaker, timeout and bulkheads (in `configure()`, before Nest binds the routes) and, unless
 * `exceptionFilter: false`, the exception filter as a global enhancer.
 *
 * `ResilienceHttpModule.forRoot(options)` works on its own; `ResilienceModule` imports it with the
 * `middleware` section of its configuration and binds Redis pools and the breaker registry.
 */
import { Inject, Module, type DynamicModule, type NestModule, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule, HttpAdapterHost } from '@nestjs/core';
import { answerClientErrorsWithJson } from './client-error-answer.js';
import { resolveHttpResilienceOptions, type HttpResilienceOptions } from './http-options.js';
import { HTTP_RESILIENCE_OPTIONS } from './http-tokens.js';
import { ResilienceExceptionFilter } from './resilience-exception.filter.js';
import { ResilienceInterceptor } from './resilience.interceptor.js';
import { RouteResilienceBinder } from './route-resilience.binder.js';
import { RouteResilienceRegistry } from './route-resilience.registry.js';

export interface ResilienceHttpModuleExtras {
  /** Extra providers, e.g. `HTTP_RATE_LIMIT_REDIS_RESOLVER` or `HTTP_ROUTE_BREAKER_FACTORY`. */
  providers?: Provider[];
  /** Modules those providers need. */
  imports?: DynamicModule['imports'];
}

@Module({})
export class ResilienceHttpModule implements NestModule, OnApplicationBootstrap {
  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(RouteResilienceBinder) private readonly binder: RouteResilienceBinder,
  ) {}

  /** Runs before Nest binds HTTP routes to instance methods: the moment to bind them to their policies. */
  configure(): void {
    this.binder.bindRoutes();
  }

  /** Express leaves parser-level errors (URL too long) to Node's bare answer; give them JSON. */
  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    const server = adapter.getHttpServer() as Parameters<typeof answerClientErrorsWithJson>[0] | undefined;
    if (server !== undefined) answerClientErrorsWithJson(server);
  }

  static forRoot(options: HttpResilienceOptions = {}, extras: ResilienceHttpModuleExtras = {}): DynamicModule {
    const resolved = resolveHttpResilienceOptions(options);
    const enhancers: Provider[] = resolved.exceptionFilter ? [{ provide: APP_FILTER, useClass: ResilienceExceptionFilter }] : [];
    return {
      module: ResilienceHttpModule,
      imports: [DiscoveryModule, ...(extras.imports ?? [])],
      providers: [
        { provide: HTTP_RESILIENCE_OPTIONS, useValue: resolved },
        RouteResilienceRegistry,
        ResilienceInterceptor,
        RouteResilienceBinder,
        ...enhancers,
        ...(extras.providers ?? []),
      ],
      exports: [RouteResilienceRegistry, HTTP_RESILIENCE_OPTIONS],
    };
  }
}
